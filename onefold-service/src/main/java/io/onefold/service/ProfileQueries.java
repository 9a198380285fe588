package io.onefold.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.error.NotFoundException;
import io.onefold.core.error.ValidationException;
import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.identity.ProfileStatus;
import io.onefold.core.identity.ProfileView;
import io.onefold.core.json.Json;
import io.onefold.core.json.ProfileJson;
import io.onefold.core.schema.AttributeDefinition;
import io.onefold.core.schema.AttributeType;
import io.onefold.core.schema.IdentifierNormalizer;
import io.onefold.store.ChangeEvent;
import io.onefold.store.Fragment;
import io.onefold.store.ProfileStore;
import io.onefold.store.SearchPage;
import io.onefold.store.SearchQuery;
import io.onefold.store.StoredProfile;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The read side of {@link ProfileService}: profiles by id, identifier or attribute value, their lineage and history,
 * and the change feed. Straight from the store's read connections, never through the writer: the profile row holds
 * the golden record and identifiers, so a read is one row, never waits for a write, and always sees every
 * acknowledged one.
 */
public final class ProfileQueries {
    private final ProfileService service;
    private final ProfileStore store;

    ProfileQueries(ProfileService service) {
        this.service = service;
        this.store = service.store();
    }

    /** A profile by id; an absorbed id answers its survivor with {@code redirected_from}. */
    public ObjectNode get(String org, String profileId) {
        service.requireOrganization(org);
        return document(org, profileId).orElseThrow(() -> new NotFoundException("no profile '" + profileId + "'"));
    }

    private Optional<ObjectNode> document(String org, String profileId) {
        return document(org, profileId, store.profiles().profile(org, profileId));
    }

    /** The active profile a node's row leads to (an absorbed node's survivor, with {@code redirected_from}), if any. */
    private Optional<ObjectNode> document(String org, String profileId, Optional<StoredProfile> row) {
        return active(org, row).map(r -> ProfileDocuments.of(r, r.id().equals(profileId) ? null : profileId));
    }

    /** The row of the active profile a node's row leads to: itself, or its survivor's (absorbed nodes followed). */
    Optional<StoredProfile> active(String org, Optional<StoredProfile> row) {
        int hops = 0;
        while (row.isPresent() && row.get().status() == ProfileStatus.ABSORBED && hops++ < 1000) {
            row = store.profiles().profile(org, row.get().survivorId());
        }
        return row.filter(r -> r.status() == ProfileStatus.ACTIVE);
    }

    /** The profile an identifier value finds (normalized first; aliases included), if any. */
    public Optional<ObjectNode> lookup(String org, String attribute, String rawValue) {
        service.requireOrganization(org);
        ActiveConfiguration cfg = service.configuration(org, store);
        AttributeDefinition def = cfg.template().attribute(attribute).filter(AttributeDefinition::identifier)
                .orElseThrow(() -> ValidationException.of(attribute, "is not an identifier of template '" + cfg.template().name() + "'"));
        String value = switch (service.normalizer().normalize(def.normalization(), rawValue)) {
            case IdentifierNormalizer.Result.Ok ok -> ok.value();
            case IdentifierNormalizer.Result.Invalid bad -> throw ValidationException.of(attribute, "invalid identifier: " + bad.reason());
        };
        if (def.blockedValues().contains(value)) return Optional.empty();
        if (def.linksProfiles()) {
            Optional<StoredProfile> owner = store.profiles().profileOwning(org, attribute, value);
            return owner.flatMap(row -> document(org, row.id(), owner));
        }
        Set<String> roots = new TreeSet<>();
        for (String owner : store.profiles().sharedOwners(org, attribute, value)) document(org, owner).ifPresent(d -> roots.add(d.get("profile_id").textValue()));
        return roots.size() == 1 ? document(org, roots.iterator().next()) : Optional.empty();
    }

    /**
     * {@code GET /profiles?attr=value}: an identifier is a lookup; any other attribute a search on golden values — from
     * the search index when the active template marks it searchable, else a scan of at most
     * {@link SearchQuery#SCAN_LIMIT} profiles per page ({@link SearchPage#scanned}).
     */
    public SearchPage<ObjectNode> find(String org, String attribute, String rawValue, int limit, String cursor) {
        service.requireOrganization(org);
        if (limit < 1 || limit > 1000) throw ValidationException.of("limit", "must be between 1 and 1000");
        // a cursor is the last profile id of the previous page: anything else would silently restart or end the search
        if (cursor != null && !cursor.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
            throw ValidationException.of("cursor", "must be the next_cursor of a previous page");
        }
        ActiveConfiguration cfg = service.configuration(org, store);
        AttributeDefinition def = cfg.template().attribute(attribute)
                .orElseThrow(() -> ValidationException.of(attribute, "is not an attribute of template '" + cfg.template().name() + "'"));
        if (def.identifier()) {
            List<ObjectNode> found = lookup(org, attribute, rawValue).map(List::of).orElse(List.of());
            return new SearchPage<>(found, null, false);
        }
        Object value = switch (def.type()) {
            case NUMBER, INTEGER -> {
                try {
                    var d = new java.math.BigDecimal(rawValue.trim());
                    yield d.stripTrailingZeros().scale() <= 0 ? (Object) d.longValueExact() : (Object) d.doubleValue();
                } catch (NumberFormatException | ArithmeticException e) {
                    throw ValidationException.of(attribute, "must be a number to search a " + def.type().code() + " attribute");
                }
            }
            case BOOLEAN -> {
                if (!rawValue.equals("true") && !rawValue.equals("false")) throw ValidationException.of(attribute, "must be true or false");
                yield Boolean.parseBoolean(rawValue);
            }
            case OBJECT, ARRAY -> throw ValidationException.of(attribute, "a " + def.type().code() + " attribute cannot be searched by value");
            default -> rawValue;
        };
        boolean list = !def.single() || def.type() == AttributeType.ARRAY;
        SearchQuery query = new SearchQuery(attribute, value, list, limit, cursor, def.searchable(), SearchQuery.SCAN_LIMIT);
        return store.profiles().search(org, query).map(p -> ProfileDocuments.of(p, null));
    }

    /** Per attribute: the winning contribution, the strategy, and every losing contribution with its reason. */
    public ObjectNode lineage(String org, String profileId) {
        service.requireOrganization(org);
        ActiveConfiguration cfg = service.configuration(org, store);
        Fragment f = store.profiles().fragment(org, List.of(profileId));
        if (f.rows().isEmpty()) throw new NotFoundException("no profile '" + profileId + "'");
        IdentityGraph g = cfg.graph(service.normalizer(), service.ids(), service.clock());
        g.load(f.nodes(), f.records(), f.links());
        ProfileView v = g.get(profileId).orElseThrow(() -> new NotFoundException("no profile '" + profileId + "'"));
        ObjectNode out = Json.object();
        out.put("profile_id", v.profileId());
        out.put("rule_set", cfg.rulesRow().name());
        out.put("template", cfg.templateRow().name());
        out.set("lineage", ProfileJson.lineage(v.golden().lineage()));
        return out;
    }

    /** Every change of the profile and of every profile merged into it, oldest first. */
    public List<ChangeEvent> history(String org, String profileId, int limit) {
        service.requireOrganization(org);
        Fragment f = store.profiles().fragment(org, List.of(profileId));
        if (f.rows().isEmpty()) throw new NotFoundException("no profile '" + profileId + "'");
        return store.profiles().history(org, f.rows().keySet(), limit);
    }

    public long latestPosition(String org) {
        service.requireOrganization(org);
        return store.profiles().latestPosition(org);
    }

    public List<ChangeEvent> changesSince(String org, long afterPosition, int limit) {
        service.requireOrganization(org);
        return store.profiles().changesSince(org, afterPosition, limit);
    }
}
