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
import io.onefold.store.ProfileReads;
import io.onefold.store.ProfileStore;
import io.onefold.store.SearchPage;
import io.onefold.store.SearchQuery;
import io.onefold.store.StoredProfile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The read side of {@link ProfileService}: profiles by id, identifier or attribute value, their lineage and history,
 * and the change feed. Straight from the store's read connections, never through the writer: the profile row holds
 * the golden record and identifiers, so a read is one row, never waits for a write, and always sees every
 * acknowledged one.
 */
public final class ProfileQueries {
    /** Tests set it: every hit of the read cache is compared with the store's answer. */
    private static final boolean VERIFY = Boolean.getBoolean("onefold.cache.verify");
    private final ProfileService service;
    private final ProfileStore store;
    private final ProfileReadCache cache;
    private volatile Function<ObjectNode, byte[]> renderer = node -> node.toString().getBytes(StandardCharsets.UTF_8);

    ProfileQueries(ProfileService service, ProfileReadCache cache) {
        this.service = service;
        this.store = service.store();
        this.cache = cache;
    }

    /** The readers' cache (tests and benchmarks read its counts). */
    ProfileReadCache readCache() {
        return cache;
    }

    /** Reads the readers' cache answered, and reads that went to the store (benchmarks report the hit rate). */
    public long[] readCacheCounts() {
        return new long[] {cache.hits(), cache.misses()};
    }

    /** A profile by id; an absorbed id answers its survivor with {@code redirected_from}. */
    public ObjectNode get(String org, String profileId) {
        return document(org, profileId).tree();
    }

    /** As {@link #get}, as the wire bytes: from the {@link ProfileReadCache} when it holds the profile. */
    public ProfileDocument document(String org, String profileId) {
        service.requireOrganization(org);
        long quiet = cache.quietMark();
        ProfileReadCache.Entry hit = cache.document(org, profileId);
        if (hit != null && (!cache.confirmed() || confirmed(hit, rowStamp(org, profileId)))) {
            if (VERIFY) verify(quiet, hit, () -> read(org, profileId, -1, null), () -> rowStamp(org, profileId));
            return hit.document();
        }
        long epoch = cache.epoch();
        // on a shared store the stamp is read before the row: a row written in between never matches it again
        String stamp = cache.confirmed() ? rowStamp(org, profileId) : null;
        return read(org, profileId, epoch, stamp);
    }

    /** A profile read from the store; offered to the cache (read after {@code epoch}, with its row's stamp) unless a redirect. */
    private ProfileDocument read(String org, String profileId, long epoch, String stamp) {
        Optional<StoredProfile> row = store.profiles().profile(org, profileId);
        ProfileDocument doc = document(org, profileId, row).orElseThrow(() -> new NotFoundException("no profile '" + profileId + "'"));
        if (epoch >= 0 && doc.profileId().equals(profileId)) cache.fill(epoch, org, doc, null, stamp);
        return doc;
    }

    private String rowStamp(String org, String profileId) {
        return store.profiles().rowStamp(org, profileId).orElse(null);
    }

    /** The stamp of the row of the profile owning a linking value, if that profile is still the hit's; else null. */
    private String ownerStamp(String org, String attribute, String value, ProfileReadCache.Entry hit) {
        return store.profiles().ownerStamp(org, attribute, value).filter(o -> o.profileId().equals(hit.key().id()))
                .map(ProfileReads.OwnerStamp::stamp).orElse(null);
    }

    /** On a shared store: a hit may be served when its row's stamp is still the stored one; else it counts as a miss. */
    private boolean confirmed(ProfileReadCache.Entry hit, String currentStamp) {
        if (hit.stamp().equals(currentStamp)) return true;
        cache.unconfirmed();
        return false;
    }

    private Optional<ProfileDocument> stored(String org, String profileId) {
        return document(org, profileId, store.profiles().profile(org, profileId));
    }

    /** The active profile a node's row leads to (an absorbed node's survivor, with {@code redirected_from}), if any. */
    private Optional<ProfileDocument> document(String org, String profileId, Optional<StoredProfile> row) {
        return active(org, row).map(r -> render(ProfileDocuments.of(r, r.id().equals(profileId) ? null : profileId)));
    }

    private ProfileDocument render(ObjectNode doc) {
        return new ProfileDocument(doc.get("profile_id").textValue(), renderer.apply(doc));
    }

    /**
     * How profile documents become bytes: a server gives its own renderer, so that a cached document is the very bytes
     * it would have rendered (the default renders as {@link com.fasterxml.jackson.databind.JsonNode#toString()} does).
     * Changing it empties the cache.
     */
    public void renderWith(Function<ObjectNode, byte[]> renderer) {
        this.renderer = java.util.Objects.requireNonNull(renderer);
        cache.unknownChanges();
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
        return lookupDocument(org, attribute, rawValue).map(ProfileDocument::tree);
    }

    /** As {@link #lookup}, as the wire bytes: a linking value's profile from the {@link ProfileReadCache} when it holds it. */
    public Optional<ProfileDocument> lookupDocument(String org, String attribute, String rawValue) {
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
            long quiet = cache.quietMark();
            ProfileReadCache.Entry hit = cache.lookup(org, attribute, value);
            // on a shared store: still owned by the same profile, whose row is still the one rendered (no store read,
            // nor a lambda, on the embedded store's hot path)
            if (hit != null && (!cache.confirmed() || confirmed(hit, ownerStamp(org, attribute, value, hit)))) {
                if (VERIFY) verify(quiet, hit, () -> owned(org, attribute, value, -1, null).orElse(null), () -> ownerStamp(org, attribute, value, hit));
                return Optional.of(hit.document());
            }
            long epoch = cache.epoch();
            Optional<ProfileReads.OwnerStamp> stamp = cache.confirmed() ? store.profiles().ownerStamp(org, attribute, value) : Optional.empty();
            return owned(org, attribute, value, epoch, stamp.orElse(null));
        }
        Set<String> roots = new TreeSet<>();
        for (String owner : store.profiles().sharedOwners(org, attribute, value)) stored(org, owner).ifPresent(d -> roots.add(d.profileId()));
        return roots.size() == 1 ? Optional.of(document(org, roots.iterator().next())) : Optional.empty();
    }

    /**
     * The profile owning a linking value, read from the store; offered to the cache unless the owner is absorbed (on a
     * shared store, only when the owner's stamp was read first and names the same owner).
     */
    private Optional<ProfileDocument> owned(String org, String attribute, String value, long epoch, ProfileReads.OwnerStamp stamp) {
        Optional<StoredProfile> owner = store.profiles().profileOwning(org, attribute, value);
        Optional<ProfileDocument> doc = owner.flatMap(row -> document(org, row.id(), owner));
        if (epoch >= 0 && doc.isPresent() && doc.get().profileId().equals(owner.get().id())
                && (stamp == null || stamp.profileId().equals(owner.get().id()))) {
            cache.fill(epoch, org, doc.get(), new ProfileReadCache.ValueKey(org, attribute, value), stamp == null ? null : stamp.stamp());
        }
        return doc;
    }

    /**
     * {@code onefold.cache.verify}: a hit must be what the store answers, unless a commit ran meanwhile — on a watched
     * store, no commit was in flight; on a shared one, the row's stamp is still the hit's after the store's read.
     */
    private void verify(long quiet, ProfileReadCache.Entry entry, Supplier<ProfileDocument> stored, Supplier<String> stampAfter) {
        ProfileDocument hit = entry.document();
        ProfileDocument fromStore;
        try {
            fromStore = stored.get();
        } catch (NotFoundException gone) {
            fromStore = null;
        }
        if (cache.confirmed() ? !entry.stamp().equals(stampAfter.get()) : quiet < 0 || cache.quietMark() != quiet) return;
        if (fromStore == null || !java.util.Arrays.equals(fromStore.json(), hit.json())) {
            throw new IllegalStateException("the read cache differs from the store:\ncached: " + new String(hit.json(), StandardCharsets.UTF_8)
                    + "\nstored: " + (fromStore == null ? "nothing" : new String(fromStore.json(), StandardCharsets.UTF_8)));
        }
    }

    /**
     * {@code GET /profiles?attr=value}: an identifier is a lookup; any other attribute a search on golden values — from
     * the search index when the active template marks it searchable, else a scan of at most
     * {@link SearchQuery#SCAN_LIMIT} profiles per page ({@link SearchPage#scanned}).
     */
    public SearchPage<ProfileDocument> find(String org, String attribute, String rawValue, int limit, String cursor) {
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
            List<ProfileDocument> found = lookupDocument(org, attribute, rawValue).map(List::of).orElse(List.of());
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
        return store.profiles().search(org, query).map(p -> render(ProfileDocuments.of(p, null)));
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
