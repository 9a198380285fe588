package io.onefold.store.postgres;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.error.IdentifierConflictException;
import io.onefold.core.identity.GraphChanges;
import io.onefold.core.identity.NodeState;
import io.onefold.core.identity.ProfileView;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.model.SourceRecordKey;
import io.onefold.store.Fragment;
import io.onefold.store.IdentifierEntryChanges;
import io.onefold.store.jdbc.ClusterRows;
import io.onefold.store.jdbc.ProfileQueries;
import io.onefold.store.jdbc.SearchIndex;
import io.onefold.store.jdbc.Statements;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes what an operation changed on a loaded fragment ({@link ClusterQuery} loads it): node rows and golden rows,
 * identifier entries, records, links, blocking keys and search entries — one batch per kind of statement, each pipelined in one round trip, in an
 * order the tables' keys accept.
 */
final class ClusterStatements {
    private ClusterStatements() {}

    static void apply(Statements s, String org, Fragment before, GraphChanges changes, Set<String> nonLinking, Set<String> searchable, Instant now) throws SQLException {
        rows(s, org, changes, now);
        Batches batches = new Batches(s);
        identifiers(s, batches, org, before, changes, nonLinking);
        recordsAndLinks(s, batches, org, before, changes, searchable);
    }

    /** A profile's search entries made those of its golden record: one read of the stored entries, one batch of changes. */
    static void reindex(Statements s, String org, String profileId, ObjectNode golden, Set<String> searchable) throws SQLException {
        Batches batches = new Batches(s);
        SearchIndex.reindex(s, batches, org, profileId, golden, searchable);
        batches.run();
    }

    /** The changed nodes' rows, then the golden rows of the profiles whose node did not change. */
    private static void rows(Statements s, String org, GraphChanges changes, Instant now) throws SQLException {
        Set<String> written = new HashSet<>();
        PreparedStatement nodes = null;
        for (NodeState n : changes.nodes()) {
            nodes = addNode(s, org, n, changes.profiles().get(n.id()), now);
            written.add(n.id());
        }
        if (nodes != null) nodes.executeBatch();
        PreparedStatement golden = null;
        for (ProfileView view : changes.profiles().values()) {
            if (!written.contains(view.profileId())) golden = addGolden(s, org, view, now);
        }
        if (golden != null) golden.executeBatch();
    }

    /** Identifier entries: deletions first, then kind changes and new values in key order (the primary key decides). */
    private static void identifiers(Statements s, Batches batches, String org, Fragment before, GraphChanges changes, Set<String> nonLinking) throws SQLException {
        IdentifierEntryChanges entries = IdentifierEntryChanges.of(before, changes);
        for (IdentifierEntryChanges.Entry e : entries.deleted()) {
            PreparedStatement ps = batches.add(nonLinking.contains(e.attribute()) ? ClusterRows.DELETE_SHARED_IDENTIFIER : ClusterRows.DELETE_IDENTIFIER);
            ClusterRows.bindEntry(ps, 1, org, e);
            ps.addBatch();
        }
        batches.run();
        List<IdentifierEntryChanges.Entry> inserted = new ArrayList<>();
        for (IdentifierEntryChanges.Entry e : entries.written()) {
            if (nonLinking.contains(e.attribute())) {
                PreparedStatement ps = batches.add("INSERT INTO shared_identifiers (org, attribute, value, profile_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING");
                ClusterRows.bindEntry(ps, 1, org, e);
                ps.addBatch();
            } else if (e.previousKind() != null) {
                PreparedStatement ps = batches.add(ClusterRows.UPDATE_IDENTIFIER_KIND);
                ClusterRows.bindKind(ps, org, e);
                ps.addBatch();
            } else {
                inserted.add(e);
            }
        }
        batches.run();
        if (!inserted.isEmpty()) {
            // DO NOTHING keeps the transaction usable: a value another profile holds is reported, not an aborted statement
            PreparedStatement ps = s.prepare("INSERT INTO identifiers (org, attribute, value, profile_id, kind) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
            for (IdentifierEntryChanges.Entry e : inserted) {
                ps.setString(ClusterRows.bindEntry(ps, 1, org, e), e.kind());
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    IdentifierEntryChanges.Entry e = inserted.get(i);
                    String holder = ProfileQueries.ownerOf(s, org, e.attribute(), e.value()).orElse("another profile");
                    throw new IdentifierConflictException(e.attribute(), List.of(e.nodeId(), holder), "the value of '" + e.attribute() + "' already identifies profile " + holder);
                }
            }
        }
    }

    private static void recordsAndLinks(Statements s, Batches batches, String org, Fragment before, GraphChanges changes, Set<String> searchable) throws SQLException {
        Map<SourceRecordKey, String> owners = new HashMap<>();
        for (NodeState n : before.nodes()) n.records().forEach(k -> owners.put(k, n.id()));
        Set<SourceRecordKey> stored = new HashSet<>(owners.keySet()); // the records read: only they can hold keys
        for (NodeState n : changes.nodes()) n.records().forEach(k -> owners.put(k, n.id()));
        for (SourceRecord r : changes.records()) {
            PreparedStatement ps = batches.add(ClusterRows.UPSERT_RECORD);
            ClusterRows.bindRecord(ps, org, r, Objects.requireNonNull(owners.get(r.key()), "record without owner"));
            ps.addBatch();
        }
        ClusterRows.deletedRecordsAndLinks(s, batches, org, changes);
        ClusterRows.matchKeys(s, batches, org, changes, stored);
        SearchIndex.write(batches, org, before, changes, searchable);
        batches.run();
    }

    /** Prepared statements with queued rows, executed together (the driver pipelines a batch in one round trip). */
    private static final class Batches implements ClusterRows.Sink {
        private final Statements s;
        private final Map<String, PreparedStatement> queued = new LinkedHashMap<>();

        Batches(Statements s) {
            this.s = s;
        }

        @Override
        public PreparedStatement statement(String sql) throws SQLException {
            return add(sql);
        }

        @Override
        public void row(PreparedStatement ps) throws SQLException {
            ps.addBatch();
        }

        PreparedStatement add(String sql) throws SQLException {
            PreparedStatement ps = queued.get(sql);
            if (ps == null) {
                ps = s.prepare(sql);
                queued.put(sql, ps);
            }
            return ps;
        }

        void run() throws SQLException {
            for (PreparedStatement ps : queued.values()) ps.executeBatch();
            queued.clear();
        }
    }

    private static PreparedStatement addNode(Statements s, String org, NodeState n, ProfileView view, Instant now) throws SQLException {
        PreparedStatement ps = s.prepare(ClusterRows.UPSERT_NODE);
        ClusterRows.bindNode(s, ps, org, n, view, now);
        ps.addBatch();
        return ps;
    }

    static PreparedStatement addGolden(Statements s, String org, ProfileView view, Instant now) throws SQLException {
        PreparedStatement ps = s.prepare(ClusterRows.UPDATE_GOLDEN);
        ClusterRows.bindGolden(s, ps, org, view, now);
        ps.addBatch();
        return ps;
    }
}
