package io.onefold.store.jdbc;

import io.onefold.core.identity.GraphChanges;
import io.onefold.core.identity.IdentityLink;
import io.onefold.core.identity.LinkKind;
import io.onefold.core.identity.LinkOrigin;
import io.onefold.core.identity.LinkState;
import io.onefold.core.identity.NodeState;
import io.onefold.core.identity.ProfileStatus;
import io.onefold.core.identity.ProfileView;
import io.onefold.core.json.CanonicalJson;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.model.SourceRecordKey;
import io.onefold.store.IdentifierEntryChanges;
import io.onefold.store.StoreCodec;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The statements that write a cluster's rows, the same SQL in both dialects, and how each binds one row. A store
 * decides how it runs them: SQLite one by one on its single writer, PostgreSQL queued in batches (one round trip each).
 */
public final class ClusterRows {
    private ClusterRows() {}

    /** A node's row; its update time moves only when its version does. Bound by {@link #bindNode}. */
    public static final String UPSERT_NODE = "INSERT INTO profiles (org, id, status, survivor_id, absorbed, created_at, updated_at, version, identity, golden) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (org, id) DO UPDATE SET status = excluded.status, survivor_id = excluded.survivor_id, "
            + "absorbed = excluded.absorbed, updated_at = CASE WHEN profiles.version <> excluded.version THEN excluded.updated_at ELSE profiles.updated_at END, version = excluded.version, identity = excluded.identity, golden = excluded.golden";

    /** A profile's golden row alone, when its node did not change. Bound by {@link #bindGolden}. */
    public static final String UPDATE_GOLDEN = "UPDATE profiles SET identity = ?, golden = ?, version = ?, updated_at = CASE WHEN version <> ? THEN ? ELSE updated_at END "
            + "WHERE org = ? AND id = ?";

    /** Bound by {@link #bindEntry}. */
    public static final String DELETE_IDENTIFIER = "DELETE FROM identifiers WHERE org = ? AND attribute = ? AND value = ? AND profile_id = ?";
    public static final String DELETE_SHARED_IDENTIFIER = "DELETE FROM shared_identifiers WHERE org = ? AND attribute = ? AND value = ? AND profile_id = ?";
    /** An entry's kind changed. Bound by {@link #bindKind}. */
    public static final String UPDATE_IDENTIFIER_KIND = "UPDATE identifiers SET kind = ? WHERE org = ? AND attribute = ? AND value = ? AND profile_id = ?";

    /** Bound by {@link #bindRecord}. */
    public static final String UPSERT_RECORD = "INSERT INTO records (org, source, record_key, profile_id, body) VALUES (?, ?, ?, ?, ?) "
            + "ON CONFLICT (org, source, record_key) DO UPDATE SET body = excluded.body, profile_id = excluded.profile_id";
    /** Bound by {@link #bindRecordKey}. */
    public static final String DELETE_RECORD = "DELETE FROM records WHERE org = ? AND source = ? AND record_key = ?";

    /** A link's state, demotions and evidence change; the rest is written once. Bound by {@link #bindLink}. */
    public static final String UPSERT_LINK = "INSERT INTO links (org, id, from_id, to_id, kind, origin, state, evidence, at, demoted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (org, id) DO UPDATE SET state = excluded.state, demoted = excluded.demoted, evidence = excluded.evidence";

    /** The blocking keys of a list of records, all of them: before their new ones go in, or with the records. */
    public static String deleteMatchKeys(Dialect d) {
        return "DELETE FROM match_keys WHERE org = ? AND (source, record_key) IN (SELECT k.source, k.record_key FROM "
                + d.rowsTable("k", List.of("source", "record_key")) + ")";
    }

    /** A list of (record, blocking key) rows; {@code WHERE true} tells SQLite's parser that ON CONFLICT is the upsert's. */
    public static String insertMatchKeys(Dialect d) {
        return "INSERT INTO match_keys (org, source, record_key, match_key) SELECT ?, k.source, k.record_key, k.match_key FROM "
                + d.rowsTable("k", List.of("source", "record_key", "match_key")) + " WHERE true ON CONFLICT DO NOTHING";
    }

    /** Where a bound row goes: executed at once (SQLite's writer) or queued in a batch (PostgreSQL). */
    public interface Sink {
        PreparedStatement statement(String sql) throws SQLException;

        void row(PreparedStatement ps) throws SQLException;
    }

    /** The deleted records, then the new and changed links. */
    public static void deletedRecordsAndLinks(Statements s, Sink sink, String org, GraphChanges changes) throws SQLException {
        for (SourceRecordKey k : changes.deletedRecords()) {
            PreparedStatement ps = sink.statement(DELETE_RECORD);
            bindRecordKey(ps, org, k);
            sink.row(ps);
        }
        for (IdentityLink l : changes.links()) {
            PreparedStatement ps = sink.statement(UPSERT_LINK);
            bindLink(s, ps, org, l);
            sink.row(ps);
        }
    }

    /**
     * The blocking-key index: each record {@link GraphChanges#matchKeys} lists has its keys replaced by the listed ones
     * (none: it loses them all), and a deleted record loses its keys whether listed or not. Without matching nothing
     * is listed, so an upsert writes nothing here (a deletion still clears the record's keys, which it may hold from
     * when matching was on). At most two statements whatever the number of records: one deletion, then one insertion
     * (a batching sink runs its statements in the order it first saw them). A record the write did not read
     * ({@code stored}: the records of the clusters read before it) is new, so it has no keys to delete: keys are
     * written and deleted with their record, and a stored record is always read (its owner is a seed) before the
     * graph writes it.
     */
    public static void matchKeys(Statements s, Sink sink, String org, GraphChanges changes, Set<SourceRecordKey> stored) throws SQLException {
        if (changes.matchKeys().isEmpty() && changes.deletedRecords().isEmpty()) return;
        Set<SourceRecordKey> deleted = new TreeSet<>(changes.deletedRecords());
        Set<SourceRecordKey> cleared = new TreeSet<>(deleted);
        for (SourceRecordKey k : changes.matchKeys().keySet()) if (stored.contains(k)) cleared.add(k);
        if (!cleared.isEmpty()) {
            List<String> sources = new ArrayList<>(cleared.size()), records = new ArrayList<>(cleared.size());
            for (SourceRecordKey k : cleared) {
                sources.add(k.source());
                records.add(StoreCodec.recordKey(k));
            }
            PreparedStatement ps = sink.statement(deleteMatchKeys(s.dialect()));
            ps.setString(1, org);
            s.dialect().bindRows(s, ps, 2, List.of(sources, records));
            sink.row(ps);
        }
        List<String> sources = new ArrayList<>(), records = new ArrayList<>(), keys = new ArrayList<>();
        for (var e : new TreeMap<>(changes.matchKeys()).entrySet()) {
            if (deleted.contains(e.getKey())) continue;
            for (String key : new TreeSet<>(e.getValue())) {
                sources.add(e.getKey().source());
                records.add(StoreCodec.recordKey(e.getKey()));
                keys.add(key);
            }
        }
        if (keys.isEmpty()) return;
        PreparedStatement ps = sink.statement(insertMatchKeys(s.dialect()));
        ps.setString(1, org);
        s.dialect().bindRows(s, ps, 2, List.of(sources, records, keys));
        sink.row(ps);
    }

    public static void bindNode(Statements s, PreparedStatement ps, String org, NodeState n, ProfileView view, Instant now) throws SQLException {
        ps.setString(1, org);
        ps.setString(2, n.id());
        ps.setString(3, n.status().name());
        ps.setString(4, n.survivorId());
        s.dialect().setStrings(s, ps, 5, n.absorbed());
        s.dialect().setInstant(ps, 6, n.createdAt());
        s.dialect().setInstant(ps, 7, now);
        ps.setLong(8, view != null ? view.version() : n.version());
        boolean active = n.status() == ProfileStatus.ACTIVE && view != null;
        ps.setString(9, active ? StoreCodec.identity(view.identifiers()) : null);
        ps.setString(10, active ? CanonicalJson.of(view.golden().attributes()) : null);
    }

    public static void bindGolden(Statements s, PreparedStatement ps, String org, ProfileView view, Instant now) throws SQLException {
        ps.setString(1, StoreCodec.identity(view.identifiers()));
        ps.setString(2, CanonicalJson.of(view.golden().attributes()));
        ps.setLong(3, view.version());
        ps.setLong(4, view.version());
        s.dialect().setInstant(ps, 5, now);
        ps.setString(6, org);
        ps.setString(7, view.profileId());
    }

    /** org, attribute, value, profile_id — from parameter {@code from}; answers the next parameter's index. */
    public static int bindEntry(PreparedStatement ps, int from, String org, IdentifierEntryChanges.Entry e) throws SQLException {
        ps.setString(from, org);
        ps.setString(from + 1, e.attribute());
        ps.setString(from + 2, e.value());
        ps.setString(from + 3, e.nodeId());
        return from + 4;
    }

    public static void bindKind(PreparedStatement ps, String org, IdentifierEntryChanges.Entry e) throws SQLException {
        ps.setString(1, e.kind());
        bindEntry(ps, 2, org, e);
    }

    public static void bindRecord(PreparedStatement ps, String org, SourceRecord r, String owner) throws SQLException {
        bindRecordKey(ps, org, r.key());
        ps.setString(4, owner);
        ps.setString(5, StoreCodec.record(r));
    }

    public static void bindRecordKey(PreparedStatement ps, String org, SourceRecordKey k) throws SQLException {
        ps.setString(1, org);
        ps.setString(2, k.source());
        ps.setString(3, StoreCodec.recordKey(k));
    }

    public static void bindLink(Statements s, PreparedStatement ps, String org, IdentityLink l) throws SQLException {
        ps.setString(1, org);
        ps.setString(2, l.id());
        ps.setString(3, l.fromProfileId());
        ps.setString(4, l.toProfileId());
        ps.setString(5, l.kind().name());
        ps.setString(6, l.origin().name());
        ps.setString(7, l.state().name());
        ps.setString(8, l.evidence());
        s.dialect().setSortableInstant(ps, 9, l.at());
        ps.setString(10, StoreCodec.keys(l.demoted()));
    }

    /** The columns a link's row is read by {@link #link}, in order. */
    public static final String LINK_COLUMNS = "id, from_id, to_id, kind, origin, state, evidence, at, demoted";

    /** The link a row of {@link #LINK_COLUMNS} holds, those columns from {@code from} on (the row {@link #bindLink} wrote). */
    public static IdentityLink link(Dialect d, ResultSet rs, int from) throws SQLException {
        return new IdentityLink(rs.getString(from), rs.getString(from + 1), rs.getString(from + 2), LinkKind.valueOf(rs.getString(from + 3)),
                LinkOrigin.valueOf(rs.getString(from + 4)), LinkState.valueOf(rs.getString(from + 5)), rs.getString(from + 6),
                d.instant(rs, from + 7), StoreCodec.keys(rs.getString(from + 8)));
    }
}
