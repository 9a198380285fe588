package io.onefold.core.testing;

import io.onefold.core.error.OnefoldException;
import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.identity.ProfileView;
import io.onefold.core.resolution.GoldenProfile;
import io.onefold.core.rules.MergeRuleSet;
import io.onefold.core.schema.AttributeDefinition;
import io.onefold.core.schema.IdentifierNormalizer;
import io.onefold.core.schema.ProfileTemplate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * The rebuild invariant of an engine graph: every active profile as the graph holds it — its cached golden record and
 * lineage, its identifiers — equals its rebuild in a fresh graph loaded with nothing but what a store would save of
 * this one ({@link IdentityGraph#nodeStates()}, {@link IdentityGraph#records()}, {@link IdentityGraph#links()}); and
 * each of its linking identifier values finds it. Read-only: the graph's change baseline is left alone.
 */
public final class GraphRebuild implements RebuildSubject {
    private final IdentityGraph graph;

    public GraphRebuild(IdentityGraph graph) {
        this.graph = graph;
    }

    @Override
    public String name() {
        return "engine graph over template '" + graph.template().name() + "' and rules '" + graph.rules().ruleName() + "'";
    }

    @Override
    public List<ProfileDifference> differences() {
        IdentityGraph fresh = forRebuilding(graph.template(), graph.rules(), Fixtures.US);
        fresh.load(graph.nodeStates(), graph.records(), graph.links());
        List<ProfileDifference> out = new ArrayList<>();
        for (ProfileView held : graph.profiles()) {
            String id = held.profileId();
            GoldenProfile rebuilt = fresh.rebuild(id);
            RebuildComparison.golden(id, held.golden().attributes(), rebuilt.attributes(), out);
            RebuildComparison.lineage(id, held.golden().lineage(), rebuilt.lineage(), out);
            RebuildComparison.identifiers(id, held.identifiers(), fresh.identifiersOf(id), out);
            for (AttributeDefinition def : graph.template().identifiers()) {
                if (!def.linking()) continue; // a shared value finds a profile only when one profile holds it
                for (Map<String, SortedSet<String>> values : List.of(held.identifiers().current(), held.identifiers().aliases())) {
                    for (String value : values.getOrDefault(def.name(), Collections.emptySortedSet())) {
                        // the index is held; the profile whose identifiers carry the value is what a rebuild of the index gives
                        RebuildComparison.field(id, "index." + def.name() + "=" + value, finder(def.name(), value), id, out);
                    }
                }
            }
        }
        return out;
    }

    /** An empty graph to load stored state into and rebuild from: it never creates a profile, and its clock never matters. */
    public static IdentityGraph forRebuilding(ProfileTemplate template, MergeRuleSet rules, IdentifierNormalizer normalizer) {
        return new IdentityGraph(template, rules, normalizer, obs -> {
            throw new IllegalStateException("a rebuild creates no profile");
        }, () -> Instant.EPOCH);
    }

    private String finder(String attribute, String value) {
        try {
            return graph.lookup(attribute, value).map(ProfileView::profileId).orElse("no profile");
        } catch (OnefoldException e) {
            return "refused: " + e.getMessage();
        }
    }
}
