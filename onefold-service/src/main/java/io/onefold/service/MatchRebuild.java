package io.onefold.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.error.StateConflictException;
import io.onefold.core.identity.GraphChanges;
import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.identity.MatchApplied;
import io.onefold.core.identity.MatchMemo;
import io.onefold.core.identity.MatchValues;
import io.onefold.core.matching.MatchDecision;
import io.onefold.core.matching.MatchRecord;
import io.onefold.core.matching.MatchScore;
import io.onefold.core.matching.MatchScorer;
import io.onefold.core.matching.MatchingRules;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.model.SourceRecordKey;
import io.onefold.store.Fragment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code onefold match rebuild}: probabilistic matching applied to what is stored already — records stored before
 * matching was switched on (they have no blocking keys) or before its rules changed.
 *
 * <ol>
 *   <li><b>scan</b> every active profile's records ({@link StoredMatchRecords}) and compute their blocking keys under the
 *       active rules;</li>
 *   <li><b>pair</b>: records sharing a key (a key held by more than {@link MatchingRules#MAX_RECORDS_PER_KEY} records is
 *       no evidence, as in the pipeline) and owned by two active profiles are scored; a pair of profiles keeps its best
 *       pair of records' score (as the pipeline's "a profile's score is its best record's");</li>
 *   <li><b>decide</b>, per connected group of such profile pairs, on a graph of their clusters, best pair first: at or
 *       above {@code auto_merge_threshold} the two merge unless merge protection refuses (then the pair is reviewed, as
 *       in the pipeline) or an operator said "never the same" (then nothing); between the thresholds a
 *       {@code POSSIBLE_MATCH} link queues the pair, unless one is queued already.</li>
 * </ol>
 * A dry run stops there and reports. Applied, each group is one operation of the writer on its locked clusters (so
 * history and change events are written, as for any merge), and every record's blocking keys are rewritten first, page
 * by page. Merges are automatic, their evidence the score (no values). Existing merges are never split: a profile whose
 * records would not match today stays one profile (unmerge it by hand).
 *
 * <p>The scan holds every record's compared values in memory: fine for the offline command it serves, not for a
 * store of many millions of records (which would pair through the store's blocking index instead, once written).
 */
public final class MatchRebuild {
    /** Two profiles and the probability of their best pair of records. */
    public record Pair(String profileId, String otherProfileId, double probability) {}

    /**
     * What the rebuild found (and, when applied, did): records scanned and keyed, the merges (each pair merged in
     * order), the possible matches queued, and the pairs left alone because an operator said they are never the same.
     */
    public record Result(boolean applied, long records, long recordsWithKeys, long candidatePairs, List<Pair> merges, List<Pair> reviews,
                         List<Pair> neverSame) {}

    private final ProfileService service;
    private final String org;

    public MatchRebuild(ProfileService service, String org) {
        service.requireOrganization(org);
        this.service = service;
        this.org = org;
    }

    public Result run(boolean apply) {
        ActiveConfiguration c = service.configuration(org, service.store());
        MatchingRules rules = c.rules().matching()
                .orElseThrow(() -> new StateConflictException("the active rule set has no matching rules (its 'matching' section): nothing to rebuild"));
        List<String> rootOf = new ArrayList<>();
        List<MatchRecord> records = new ArrayList<>();
        Map<String, List<Integer>> byKey = new TreeMap<>();
        List<List<String>> pages = new ArrayList<>();
        long[] keyed = {0};
        // keys by the values they come from: the reindex below finds most records as scanned and hashes nothing again
        MatchMemo memo = MatchMemo.of(rules);
        new StoredMatchRecords(service, org).forEach(p -> {
            if (pages.isEmpty() || pages.getLast().size() == StoredMatchRecords.PAGE) pages.add(new ArrayList<>());
            pages.getLast().add(p.profileId());
            for (SourceRecord r : p.records()) {
                MatchRecord m = MatchValues.of(rules, r);
                List<String> keys = memo.keys(m);
                if (!keys.isEmpty()) keyed[0]++;
                int i = records.size();
                records.add(m);
                rootOf.add(p.profileId());
                for (String k : keys) byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(i);
            }
        });
        Map<String, Scored> best = bestPairs(rules, records, rootOf, byKey);
        if (apply) for (List<String> page : pages) reindex(page, memo);

        List<Pair> merges = new ArrayList<>();
        List<Pair> reviews = new ArrayList<>();
        List<Pair> neverSame = new ArrayList<>();
        for (List<Scored> group : groups(best.values())) {
            Set<String> seeds = new TreeSet<>();
            for (Scored s : group) {
                seeds.add(s.a);
                seeds.add(s.b);
            }
            Outcome o;
            if (apply) {
                o = service.writer().execute(ctx -> service.clusterWrite().run(ctx.session(), org, service.configuration(org, ctx.session()), seeds,
                        new TreeSet<>(), (f, g) -> decide(f, g, group), (written, v, diff) -> {
                            ObjectNode p = ChangeEvents.payload(ChangeEvents.MERGED, v.profileId(), v.version());
                            p.put("reason", "probabilistic match (onefold match rebuild)");
                            List<String> absorbed = written.absorbed();
                            if (!absorbed.isEmpty()) p.set("merged_profile_ids", ChangeEvents.ids(absorbed));
                            p.set("changes", diff);
                            return p;
                        }).result());
            } else {
                Fragment f = service.store().profiles().fragment(org, seeds);
                o = decide(f, c.graph(service.normalizer(), service.ids(), service.clock()), group).result();
            }
            merges.addAll(o.merges);
            reviews.addAll(o.reviews);
            neverSame.addAll(o.neverSame);
        }
        return new Result(apply, records.size(), keyed[0], best.size(), merges, reviews, neverSame);
    }

    private record Scored(String a, String b, MatchScore score) {}

    /** The best score of each pair of active profiles whose records share a blocking key, if at least the review threshold. */
    private static Map<String, Scored> bestPairs(MatchingRules rules, List<MatchRecord> records, List<String> rootOf, Map<String, List<Integer>> byKey) {
        MatchScorer scorer = MatchValues.scorer(rules);
        Set<Long> scored = new HashSet<>();
        Map<String, Scored> best = new TreeMap<>();
        for (List<Integer> holders : byKey.values()) {
            if (holders.size() < 2 || holders.size() > MatchingRules.MAX_RECORDS_PER_KEY) continue;
            for (int x = 0; x < holders.size(); x++) {
                for (int y = x + 1; y < holders.size(); y++) {
                    int i = holders.get(x);
                    int j = holders.get(y);
                    String a = rootOf.get(i);
                    String b = rootOf.get(j);
                    if (a.equals(b) || !scored.add(((long) i << 32) | j)) continue;
                    MatchScore s = scorer.score(records.get(i), records.get(j));
                    if (s.decision() == MatchDecision.NO_MATCH) continue;
                    String lo = a.compareTo(b) < 0 ? a : b;
                    String hi = lo.equals(a) ? b : a;
                    best.merge(lo + " " + hi, new Scored(lo, hi, s), (old, now) -> now.score.weight() > old.score.weight() ? now : old);
                }
            }
        }
        return best;
    }

    /** Connected groups of profile pairs, each best pair first (then by ids), the groups in order of their first profile. */
    private static List<List<Scored>> groups(Iterable<Scored> pairs) {
        Map<String, String> parent = new HashMap<>();
        List<Scored> all = new ArrayList<>();
        for (Scored s : pairs) {
            all.add(s);
            union(parent, s.a, s.b);
        }
        Map<String, List<Scored>> byRoot = new TreeMap<>();
        for (Scored s : all) byRoot.computeIfAbsent(find(parent, s.a), x -> new ArrayList<>()).add(s);
        List<List<Scored>> out = new ArrayList<>();
        Map<String, List<Scored>> ordered = new TreeMap<>();
        for (List<Scored> g : byRoot.values()) {
            g.sort(Comparator.comparingDouble((Scored s) -> -s.score.weight()).thenComparing(Scored::a).thenComparing(Scored::b));
            ordered.put(g.stream().map(Scored::a).min(String::compareTo).orElseThrow(), g);
        }
        out.addAll(ordered.values());
        return out;
    }

    private static String find(Map<String, String> parent, String x) {
        String p = parent.getOrDefault(x, x);
        if (p.equals(x)) return x;
        String root = find(parent, p);
        parent.put(x, root);
        return root;
    }

    private static void union(Map<String, String> parent, String a, String b) {
        String ra = find(parent, a);
        String rb = find(parent, b);
        if (!ra.equals(rb)) parent.put(ra.compareTo(rb) < 0 ? rb : ra, ra.compareTo(rb) < 0 ? ra : rb);
    }

    private record Outcome(List<Pair> merges, List<Pair> reviews, List<Pair> neverSame) {}

    /**
     * One group on a graph of its clusters: the pairs in order, each scored again on the graph as it is by then (an
     * earlier merge may have joined them, or made merge protection refuse) and merged or queued as an upsert would
     * ({@link IdentityGraph#applyMatch}: the merge's link is automatic, with the score as evidence).
     */
    private ClusterWrite.Decision<Outcome> decide(Fragment f, IdentityGraph g, List<Scored> group) {
        g.load(f.nodes(), f.records(), f.links());
        List<Pair> merges = new ArrayList<>();
        List<Pair> reviews = new ArrayList<>();
        List<Pair> neverSame = new ArrayList<>();
        for (Scored s : group) {
            String a = root(g, s.a);
            String b = root(g, s.b);
            if (a == null || b == null || a.equals(b)) continue;
            MatchApplied done = g.applyMatch(a, b, "onefold match rebuild");
            switch (done.kind()) {
                case MERGED -> merges.add(new Pair(done.survivor(), done.absorbed(), done.score().probability()));
                case QUEUED -> reviews.add(new Pair(a, b, done.score().probability()));
                case NEVER_THE_SAME -> neverSame.add(new Pair(a, b, done.score().probability()));
                case NOTHING -> { }
            }
        }
        return new ClusterWrite.Decision<>(new Outcome(merges, reviews, neverSame), g.changes());
    }

    private static String root(IdentityGraph g, String id) {
        return g.get(id).map(v -> v.profileId()).orElse(null);
    }

    /**
     * Rewrites the blocking keys of every record of these profiles' clusters, as the rules give them now, in one write;
     * the scan's keys (in {@code scanned}, by values) are reused while the rules are the scan's.
     */
    private void reindex(List<String> profileIds, MatchMemo scanned) {
        service.writer().execute(ctx -> service.clusterWrite().run(ctx.session(), org, service.configuration(org, ctx.session()), profileIds,
                new TreeSet<>(), (f, g) -> {
                    MatchingRules rules = service.configuration(org, ctx.session()).rules().matching().orElseThrow();
                    MatchMemo memo = rules.equals(scanned.rules()) ? scanned : MatchMemo.of(rules);
                    Map<SourceRecordKey, List<String>> keys = new TreeMap<>();
                    for (SourceRecord r : f.records()) keys.put(r.key(), memo.keys(MatchValues.of(rules, r)));
                    return new ClusterWrite.Decision<>(null, new GraphChanges(List.of(), List.of(), List.of(), List.of(), Map.of(), keys));
                }, (written, v, diff) -> null));
    }
}
