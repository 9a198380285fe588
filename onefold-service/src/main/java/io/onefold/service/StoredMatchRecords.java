package io.onefold.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.model.Contribution;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.rules.MergeRuleSet;
import io.onefold.core.schema.ProfileTemplate;
import io.onefold.store.Fragment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The stored source records of an organization's active profiles, profile by profile in id order, read page by page
 * from the store's read connections (never through the writer): what {@code onefold match train}, {@code match
 * rebuild} and {@code match evaluate} read back. Not a snapshot: a write committed meanwhile may or may not be seen,
 * which is fine for the offline commands that use it.
 */
public final class StoredMatchRecords {
    /** Active profiles read per page (each page is one fragment read of their whole clusters). */
    static final int PAGE = 500;

    /** An active profile and the records of its cluster, ordered by key. */
    public record ProfileRecords(String profileId, List<SourceRecord> records) {}

    private final ProfileService service;
    private final String org;

    public StoredMatchRecords(ProfileService service, String org) {
        service.requireOrganization(org);
        this.service = service;
        this.org = org;
    }

    /** The active template. */
    public ProfileTemplate template() {
        return service.configuration(org, service.store()).template();
    }

    /** The active rule set (its {@code matching} section, if any, is what the pipeline applies). */
    public MergeRuleSet rules() {
        return service.configuration(org, service.store()).rules();
    }

    /** Calls {@code each} for every active profile, in id order. */
    public void forEach(Consumer<ProfileRecords> each) {
        ActiveConfiguration c = service.configuration(org, service.store());
        String after = null;
        while (true) {
            List<String> page = service.store().profiles().activeProfileIds(org, after, PAGE);
            if (page.isEmpty()) return;
            Fragment f = service.store().profiles().fragment(org, page);
            IdentityGraph g = c.graph(service.normalizer(), service.ids(), service.clock());
            g.load(f.nodes(), f.records(), f.links());
            for (String id : page) each.accept(new ProfileRecords(id, g.recordsOf(id)));
            after = page.getLast();
        }
    }

    /**
     * A record's current values as text, by attribute (retracted ones left out; a {@code multiple} attribute's first
     * value; objects and arrays of objects are not text): the raw values matching rules are inferred from.
     */
    public static Map<String, String> text(SourceRecord record) {
        Map<String, String> out = new HashMap<>();
        for (Contribution c : record.contributions().values()) {
            if (c.retracted()) continue;
            JsonNode v = c.value();
            if (v != null && v.isArray()) v = v.isEmpty() ? null : v.get(0);
            if (v != null && v.isValueNode() && !v.isNull()) out.put(c.attribute(), v.asText());
        }
        return out;
    }
}
