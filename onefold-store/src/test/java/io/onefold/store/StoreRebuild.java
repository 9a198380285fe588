package io.onefold.store;

import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.identity.ProfileStatus;
import io.onefold.core.model.ProfileIdentifiers;
import io.onefold.core.rules.MergeRuleSet;
import io.onefold.core.rules.MergeRuleSetParser;
import io.onefold.core.schema.IdentifierNormalizer;
import io.onefold.core.schema.ProfileTemplate;
import io.onefold.core.schema.TemplateParser;
import io.onefold.core.testing.GraphRebuild;
import io.onefold.core.testing.ProfileDifference;
import io.onefold.core.testing.RebuildComparison;
import io.onefold.core.testing.RebuildSubject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The rebuild invariant of a store, read through the store's own reads ({@link StoreReads}, nothing else): for every
 * organization, every ACTIVE profile row — its golden record and identifiers as stored — equals the rebuild of its
 * cluster's records, identifier entries and links (its {@link ProfileReads#fragment fragment}) by the pure engine
 * under the organization's active template and rules; every other row of the cluster is ABSORBED into a member of it
 * and carries no golden record or identifiers of its own.
 *
 * <p>The store is opened afresh for the check ({@code open}) and closed after it: what is compared is what the store
 * durably holds, after the test has closed its own service and store. Erased tombstones are not reachable through the
 * reads (no read lists them), so they are not checked here.
 */
public final class StoreRebuild implements RebuildSubject {
    private static final int PAGE = 200;

    private final String name;
    private final Supplier<? extends ProfileStore> open;
    private final IdentifierNormalizer normalizer;

    /**
     * @param name          what the store is, for messages ("SQLite store in /tmp/…")
     * @param open          opens the same store again (read only is enough)
     * @param defaultRegion the region the service parsed the templates with
     */
    public StoreRebuild(String name, Supplier<? extends ProfileStore> open, String defaultRegion) {
        this.name = name;
        this.open = open;
        this.normalizer = new IdentifierNormalizer(defaultRegion);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<ProfileDifference> differences() {
        try (ProfileStore store = open.get()) {
            return differences(store);
        }
    }

    /** The differences of every organization of {@code reads}. */
    public List<ProfileDifference> differences(StoreReads reads) {
        List<ProfileDifference> out = new ArrayList<>();
        for (Organization org : reads.configuration().organizations()) organization(reads, org.id(), out);
        return out;
    }

    private void organization(StoreReads reads, String org, List<ProfileDifference> out) {
        Optional<StoredConfig> template = reads.configuration().activeConfig(org, ConfigKind.TEMPLATE);
        Optional<StoredConfig> rules = reads.configuration().activeConfig(org, ConfigKind.RULES);
        if (template.isEmpty() || rules.isEmpty()) {
            long active = reads.profiles().countActiveProfiles(org);
            if (active > 0) out.add(new ProfileDifference("(organization " + org + ")", "active configuration", active + " active profiles", "no active template and rules"));
            return;
        }
        ProfileTemplate t = new TemplateParser(normalizer).parse(template.get().body());
        MergeRuleSet r = MergeRuleSetParser.parse(rules.get().body());
        String after = null;
        while (true) {
            List<String> page = reads.profiles().activeProfileIds(org, after, PAGE);
            if (page.isEmpty()) return;
            after = page.get(page.size() - 1);
            Fragment clusters = reads.profiles().fragment(org, page);
            IdentityGraph graph = GraphRebuild.forRebuilding(t, r, normalizer);
            graph.load(clusters.nodes(), clusters.records(), clusters.links());
            for (Map.Entry<String, StoredProfile> e : clusters.rows().entrySet()) row(org, e.getValue(), graph, clusters.rows(), out);
        }
    }

    private static void row(String org, StoredProfile row, IdentityGraph graph, Map<String, StoredProfile> cluster, List<ProfileDifference> out) {
        String profile = row.id() + " (organization " + org + ")";
        if (row.status() == ProfileStatus.ACTIVE) {
            RebuildComparison.field(profile, "survivor_id", row.survivorId(), null, out);
            RebuildComparison.golden(profile, row.attributes(), graph.rebuild(row.id()).attributes(), out);
            RebuildComparison.identifiers(profile, row.identifiers(), graph.identifiersOf(row.id()), out);
            return;
        }
        // a member absorbed into an active profile: it points into its cluster and holds nothing readers see
        RebuildComparison.field(profile, "status", row.status(), ProfileStatus.ABSORBED, out);
        RebuildComparison.field(profile, "survivor_id in the cluster", cluster.containsKey(row.survivorId()), true, out);
        RebuildComparison.field(profile, "golden", row.attributes() == null ? null : row.attributes().toString(), null, out);
        RebuildComparison.identifiers(profile, row.identifiers(), ProfileIdentifiers.NONE, out);
    }
}
