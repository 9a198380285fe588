package io.onefold.store.postgres;

import static io.onefold.store.postgres.PostgresDialect.ts;

import io.onefold.core.error.IdentifierConflictException;
import io.onefold.core.identity.GraphChanges;
import io.onefold.core.identity.IdentityLink;
import io.onefold.core.identity.NodeState;
import io.onefold.core.identity.ProfileStatus;
import io.onefold.core.identity.ProfileView;
import io.onefold.core.json.CanonicalJson;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.model.SourceRecordKey;
import io.onefold.store.Fragment;
import io.onefold.store.IdentifierEntryChanges;
import io.onefold.store.StoreCodec;
import io.onefold.store.jdbc.ProfileQueries;
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
 * identifier entries, records and links — one batch per kind of statement, each pipelined in one round trip, in an
 * order the tables' keys accept.
 */
final class ClusterStatements {
    private ClusterStatements() {}

    static void apply(Statements s, String org, Fragment before, GraphChanges changes, Set<String> nonLinking, Instant now) throws SQLException {
        rows(s, org, changes, now);
        Batches batches = new Batches(s);
        identifiers(s, batches, org, before, changes, nonLinking);
        recordsAndLinks(batches, org, before, changes);
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
            PreparedStatement ps = batches.add(nonLinking.contains(e.attribute())
                    ? "DELETE FROM shared_identifiers WHERE org = ? AND attribute = ? AND value = ? AND profile_id = ?"
                    : "DELETE FROM identifiers WHERE org = ? AND attribute = ? AND value = ? AND profile_id = ?");
            ps.setString(1, org);
            ps.setString(2, e.attribute());
            ps.setString(3, e.value());
            ps.setString(4, e.nodeId());
            ps.addBatch();
        }
        batches.run();
        List<IdentifierEntryChanges.Entry> inserted = new ArrayList<>();
        for (IdentifierEntryChanges.Entry e : entries.written()) {
            if (nonLinking.contains(e.attribute())) {
                PreparedStatement ps = batches.add("INSERT INTO shared_identifiers (org, attribute, value, profile_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING");
                ps.setString(1, org);
                ps.setString(2, e.attribute());
                ps.setString(3, e.value());
                ps.setString(4, e.nodeId());
                ps.addBatch();
            } else if (e.previousKind() != null) {
                PreparedStatement ps = batches.add("UPDATE identifiers SET kind = ? WHERE org = ? AND attribute = ? AND value = ? AND profile_id = ?");
                ps.setString(1, e.kind());
                ps.setString(2, org);
                ps.setString(3, e.attribute());
                ps.setString(4, e.value());
                ps.setString(5, e.nodeId());
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
                ps.setString(1, org);
                ps.setString(2, e.attribute());
                ps.setString(3, e.value());
                ps.setString(4, e.nodeId());
                ps.setString(5, e.kind());
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

    private static void recordsAndLinks(Batches batches, String org, Fragment before, GraphChanges changes) throws SQLException {
        Map<SourceRecordKey, String> owners = new HashMap<>();
        for (NodeState n : before.nodes()) n.records().forEach(k -> owners.put(k, n.id()));
        for (NodeState n : changes.nodes()) n.records().forEach(k -> owners.put(k, n.id()));
        for (SourceRecord r : changes.records()) {
            PreparedStatement ps = batches.add("INSERT INTO records (org, source, record_key, profile_id, body) VALUES (?, ?, ?, ?, ?) "
                    + "ON CONFLICT (org, source, record_key) DO UPDATE SET body = excluded.body, profile_id = excluded.profile_id");
            ps.setString(1, org);
            ps.setString(2, r.source());
            ps.setString(3, StoreCodec.recordKey(r.key()));
            ps.setString(4, Objects.requireNonNull(owners.get(r.key()), "record without owner"));
            ps.setString(5, StoreCodec.record(r));
            ps.addBatch();
        }
        for (SourceRecordKey k : changes.deletedRecords()) {
            PreparedStatement ps = batches.add("DELETE FROM records WHERE org = ? AND source = ? AND record_key = ?");
            ps.setString(1, org);
            ps.setString(2, k.source());
            ps.setString(3, StoreCodec.recordKey(k));
            ps.addBatch();
        }
        for (IdentityLink l : changes.links()) {
            PreparedStatement ps = batches.add("INSERT INTO links (org, id, from_id, to_id, kind, origin, state, evidence, at, demoted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (org, id) DO UPDATE SET state = excluded.state, demoted = excluded.demoted, evidence = excluded.evidence");
            ps.setString(1, org);
            ps.setString(2, l.id());
            ps.setString(3, l.fromProfileId());
            ps.setString(4, l.toProfileId());
            ps.setString(5, l.kind().name());
            ps.setString(6, l.origin().name());
            ps.setString(7, l.state().name());
            ps.setString(8, l.evidence());
            ps.setObject(9, ts(l.at()));
            ps.setString(10, StoreCodec.keys(l.demoted()));
            ps.addBatch();
        }
        batches.run();
    }

    /** Prepared statements with queued rows, executed together (the driver pipelines a batch in one round trip). */
    private static final class Batches {
        private final Statements s;
        private final Map<String, PreparedStatement> queued = new LinkedHashMap<>();

        Batches(Statements s) {
            this.s = s;
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
        PreparedStatement ps = s.prepare("INSERT INTO profiles (org, id, status, survivor_id, absorbed, created_at, updated_at, version, identity, golden) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (org, id) DO UPDATE SET status = excluded.status, survivor_id = excluded.survivor_id, "
                + "absorbed = excluded.absorbed, updated_at = CASE WHEN profiles.version <> excluded.version THEN excluded.updated_at ELSE profiles.updated_at END, version = excluded.version, identity = excluded.identity, golden = excluded.golden");
        ps.setString(1, org);
        ps.setString(2, n.id());
        ps.setString(3, n.status().name());
        ps.setString(4, n.survivorId());
        ps.setArray(5, s.connection.createArrayOf("text", n.absorbed().toArray(new String[0])));
        ps.setObject(6, ts(n.createdAt()));
        ps.setObject(7, ts(now));
        ps.setLong(8, view != null ? view.version() : n.version());
        boolean active = n.status() == ProfileStatus.ACTIVE && view != null;
        ps.setString(9, active ? StoreCodec.identity(view.identifiers()) : null);
        ps.setString(10, active ? CanonicalJson.of(view.golden().attributes()) : null);
        ps.addBatch();
        return ps;
    }

    static PreparedStatement addGolden(Statements s, String org, ProfileView view, Instant now) throws SQLException {
        PreparedStatement ps = s.prepare("UPDATE profiles SET identity = ?, golden = ?, version = ?, updated_at = CASE WHEN version <> ? THEN ? ELSE updated_at END "
                    + "WHERE org = ? AND id = ?");
        ps.setString(1, StoreCodec.identity(view.identifiers()));
        ps.setString(2, CanonicalJson.of(view.golden().attributes()));
        ps.setLong(3, view.version());
        ps.setLong(4, view.version());
        ps.setObject(5, ts(now));
        ps.setString(6, org);
        ps.setString(7, view.profileId());
        ps.addBatch();
        return ps;
    }
}
