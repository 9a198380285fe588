package io.onefold.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.error.ValidationException;
import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.identity.IdentityLink;
import io.onefold.core.identity.LinkKind;
import io.onefold.core.identity.LinkState;
import io.onefold.core.identity.MatchExplanation;
import io.onefold.core.json.Json;
import io.onefold.core.matching.ComparisonScore;
import io.onefold.core.matching.MatchDecision;
import io.onefold.store.Fragment;
import io.onefold.store.ProfileStore;
import io.onefold.store.StoredProfile;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The read side of probabilistic matching (issue 16): the review queue — possible matches waiting for an operator,
 * oldest first — and "why / why not" for any two profiles. Decisions (accept, reject) change who is who and run in the
 * writer ({@link IdentityOperations}). Reads never wait for the writer.
 */
public final class MatchReviews {
    /** The longest page a client may ask for. */
    public static final int MAX_LIMIT = 500;
    // a page filtered by score reads at most this many links per call, so that a high min_probability cannot scan the queue
    private static final int SCAN_PER_PAGE = 5_000;

    private final ProfileService service;
    private final ProfileStore store;

    MatchReviews(ProfileService service) {
        this.service = service;
        this.store = service.store();
    }

    /**
     * Possible matches waiting for a decision, oldest first, at or above {@code minProbability}, after {@code cursor}.
     * A link whose two profiles became one (merged meanwhile) or that names an erased profile is left out: there is
     * nothing to decide. Answers {@code {items: [...], next_cursor}}; {@code next_cursor} is null at the end.
     */
    public ObjectNode queue(String org, double minProbability, String cursor, int limit) {
        service.requireOrganization(org);
        if (limit < 1 || limit > MAX_LIMIT) throw ValidationException.of("limit", "must be between 1 and " + MAX_LIMIT);
        if (!(minProbability >= 0 && minProbability <= 1)) throw ValidationException.of("min_probability", "must be between 0 and 1");
        Cursor after = Cursor.parse(cursor);
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray("items");
        int scanned = 0;
        String next = null;
        while (items.size() < limit && scanned < SCAN_PER_PAGE) {
            List<IdentityLink> links = store.profiles().links(org, LinkKind.POSSIBLE_MATCH, LinkState.ASSERTED, after.at(), after.id(), Math.min(limit, MAX_LIMIT));
            for (IdentityLink l : links) {
                scanned++;
                after = new Cursor(l.at(), l.id());
                Optional<ObjectNode> item = item(org, l);
                if (item.isPresent() && item.get().path("match_probability").asDouble(0) >= minProbability) items.add(item.get());
                if (items.size() == limit) break;
            }
            if (links.size() < Math.min(limit, MAX_LIMIT) && items.size() < limit) {
                after = null; // the end of the queue
                break;
            }
        }
        if (after != null) next = after.encode();
        out.put("next_cursor", next);
        return out;
    }

    private Optional<ObjectNode> item(String org, IdentityLink l) {
        Optional<String> a = root(org, l.fromProfileId());
        Optional<String> b = root(org, l.toProfileId());
        if (a.isEmpty() || b.isEmpty() || a.get().equals(b.get())) return Optional.empty();
        ObjectNode item = Json.object();
        item.put("link_id", l.id());
        item.put("profile_id", a.get());
        item.put("other_profile_id", b.get());
        JsonNode evidence = evidence(l);
        item.put("match_probability", evidence.path("match_probability").asDouble(0));
        item.put("match_weight", evidence.path("match_weight").asDouble(0));
        item.set("evidence", evidence);
        item.put("created_at", l.at().toString());
        return Optional.of(item);
    }

    /** A link's evidence as JSON: the match score for a probabilistic link, else its text as {@code {reason}}. */
    static JsonNode evidence(IdentityLink l) {
        return IdentityLink.evidenceObject(l.evidence()).<JsonNode>map(o -> o).orElseGet(() -> Json.object().put("reason", l.evidence()));
    }

    /** The active profile a node id belongs to now, if any (absorbed ids follow their survivor). */
    private Optional<String> root(String org, String id) {
        return service.queries().active(org, store.profiles().profile(org, id)).map(StoredProfile::id);
    }

    /**
     * Why two profiles would or would not merge: the score of their best pair of records under the active matching
     * rules, each comparison's level, label and weight, the threshold it crossed and what merge protection would say.
     */
    public ObjectNode explain(String org, String profileId, String otherProfileId) {
        service.requireOrganization(org);
        ActiveConfiguration c = service.configuration(org, store);
        Fragment f = store.profiles().fragment(org, List.of(profileId, otherProfileId));
        IdentityGraph g = c.graph(service.normalizer(), service.ids(), service.clock());
        g.load(f.nodes(), f.records(), f.links());
        MatchExplanation e = g.explainMatch(profileId, otherProfileId);
        ObjectNode out = Json.object();
        out.put("profile_id", e.profileId());
        out.put("other_profile_id", e.otherProfileId());
        out.put("decision", e.decision().code());
        out.put("threshold_crossed", e.decision() == MatchDecision.AUTO_MERGE ? "auto_merge_threshold"
                : e.decision() == MatchDecision.REVIEW ? "review_threshold" : null);
        out.put("auto_merge_threshold", e.autoMergeThreshold());
        out.put("review_threshold", e.reviewThreshold());
        out.put("blocked_by", e.blockedBy());
        out.put("would_merge_automatically", e.decision() == MatchDecision.AUTO_MERGE && e.blockedBy() == null);
        if (e.score() == null) {
            out.putNull("match_probability");
            out.putNull("match_weight");
            out.putArray("comparisons");
            return out;
        }
        out.put("match_probability", e.score().probability());
        out.put("match_weight", e.score().weight());
        out.put("prior_weight", e.score().priorWeight());
        ArrayNode comparisons = out.putArray("comparisons");
        for (ComparisonScore s : e.score().comparisons()) {
            ObjectNode one = comparisons.addObject();
            one.put("attribute", s.attribute());
            one.put("level", s.level());
            one.put("label", s.label());
            one.put("weight", s.weight());
        }
        return out;
    }

    /** Where a page of the queue ends: the last link's time and id, opaque to clients (base64url). */
    private record Cursor(Instant at, String id) {
        static Cursor parse(String text) {
            if (text == null || text.isEmpty()) return new Cursor(null, null);
            try {
                String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
                int cut = raw.indexOf('\n');
                if (cut < 0) throw new IllegalArgumentException("no separator");
                return new Cursor(Instant.parse(raw.substring(0, cut)), raw.substring(cut + 1));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw ValidationException.of("cursor", "is not a cursor this endpoint returned (next_cursor)");
            }
        }

        String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString((at + "\n" + id).getBytes(StandardCharsets.UTF_8));
        }
    }
}
