package io.onefold.store.postgres;

import static io.onefold.store.postgres.Statements.ts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.error.IdentifierConflictException;
import io.onefold.core.identity.GraphChanges;
import io.onefold.core.identity.IdentityLink;
import io.onefold.core.identity.NodeState;
import io.onefold.core.identity.ProfileStatus;
import io.onefold.core.identity.ProfileView;
import io.onefold.core.json.CanonicalJson;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.model.SourceRecordKey;
import io.onefold.store.ApiClient;
import io.onefold.store.ChangeEvent;
import io.onefold.store.ConfigKind;
import io.onefold.store.Fragment;
import io.onefold.store.IdempotencyRecord;
import io.onefold.store.Job;
import io.onefold.store.Organization;
import io.onefold.store.SigningKey;
import io.onefold.store.StoreCodec;
import io.onefold.store.StoredConfig;
import io.onefold.store.TransactionLostException;
import io.onefold.store.Webhook;
import io.onefold.store.WriteSession;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One node's write connection (READ COMMITTED), used by its single writer.
 *
 * <h2>Design</h2>
 * <ul>
 * <li><b>No savepoint per operation.</b> Each savepoint that writes costs a subtransaction id, and past 64 of them in
 * one transaction every other session's visibility checks go through pg_subtrans — a known PostgreSQL cliff for
 * group commit. So {@link #savepoint()} only marks the place: an operation refused before it wrote anything (the
 * engine checks everything first) is undone by forgetting its buffered events; one that failed after writing
 * rolls back the whole transaction and {@link #rollbackToSavepoint()} throws {@link TransactionLostException}, on
 * which the writer re-runs the batch's other operations.</li>
 * <li><b>Locks.</b> {@link #lock} takes transaction-scoped advisory locks (64-bit hashes of the keys), waiting only
 * while every lock held was taken by the current operation in the caller's order, else trying — so nodes never
 * deadlock on them (see ProfileService's locking note).</li>
 * <li><b>Configuration epoch.</b> {@link #begin()} takes a shared advisory lock and reads the epoch; a configuration
 * or settings write takes it exclusively and bumps the epoch. A batch therefore never writes under a configuration
 * another node replaced during it.</li>
 * <li><b>Event positions follow commit order.</b> Events are buffered and inserted at {@link #commit()}, after a
 * per-organization advisory lock held until the commit is visible, with positions drawn from a sequence under it:
 * a transaction's positions are larger than those of every transaction that committed before it took the lock, and
 * smaller than those of every one that takes it after. So a reader that sees position p has seen all below p —
 * resuming from a position never skips an event committed late.</li>
 * </ul>
 */
final class PostgresWriteSession extends PostgresProfileReads implements WriteSession, io.onefold.store.TransactionControl, io.onefold.store.ProfileWrites, io.onefold.store.ConfigurationWrites,
        io.onefold.store.AccessWrites, io.onefold.store.WebhookWrites, io.onefold.store.JobWrites, io.onefold.store.IdempotencyWrites {
    @Override
    public io.onefold.store.ProfileWrites profiles() {
        return this;
    }

    @Override
    public io.onefold.store.ConfigurationWrites configuration() {
        return this;
    }

    @Override
    public io.onefold.store.AccessWrites access() {
        return this;
    }

    @Override
    public io.onefold.store.WebhookWrites webhooks() {
        return this;
    }

    @Override
    public io.onefold.store.JobWrites jobs() {
        return this;
    }

    @Override
    public io.onefold.store.IdempotencyWrites idempotency() {
        return this;
    }

    static final long CONFIGURATION_LOCK = LockKeys.hash("onefold:configuration");

    private final Statements s;
    private final String nodeId;
    private final Runnable onClose;
    private final List<ChangeEvent> events = new ArrayList<>();
    private boolean open;
    private boolean dirty;
    private boolean failed;
    private boolean locksHeld;
    private boolean locksHeldAtMark;
    private boolean epochBumped;
    /** The whole transaction was rolled back to undo one operation: nothing may commit until the next begin(). */
    private boolean lost;
    private long epoch;
    private int eventsAtMark;

    PostgresWriteSession(Statements statements, String nodeId, Runnable onClose) {
        this.s = statements;
        this.nodeId = nodeId;
        this.onClose = onClose;
    }

    // ------------------------------------------------------------------ transactions

    @Override
    public io.onefold.store.TransactionResult transact(List<? extends java.util.function.Supplier<?>> units, java.util.function.LongConsumer begun) {
        return io.onefold.store.Transactions.run(this, units, begun);
    }

    @Override
    public <T> T atomically(java.util.function.Supplier<T> work) {
        return io.onefold.store.Transactions.atomically(this, work);
    }

    @Override
    public void begin() {
        reset();
        lost = false;
        open = true;
        call(() -> {
            try (var st = s.connection.createStatement()) {
                // two statements, one round trip: the epoch is read by a snapshot taken after the shared lock is held
                st.execute("SELECT pg_advisory_xact_lock_shared(" + CONFIGURATION_LOCK + "); SELECT epoch FROM configuration_epoch");
                st.getMoreResults();
                try (ResultSet rs = st.getResultSet()) {
                    rs.next();
                    epoch = rs.getLong(1);
                }
            }
            return null;
        });
    }

    @Override
    public long configurationEpoch() {
        return epoch;
    }

    private void reset() {
        events.clear();
        open = false;
        dirty = false;
        failed = false;
        locksHeld = false;
        locksHeldAtMark = false;
        epochBumped = false;
        eventsAtMark = 0;
    }

    @Override
    public void commit() {
        if (lost) throw new TransactionLostException("the transaction was rolled back to undo an operation: nothing to commit");
        run(() -> {
            if (!events.isEmpty()) insertEvents();
            if (epochBumped) notify("onefold_config");
            s.connection.commit();
        });
        reset();
    }

    /** One statement: the organizations' position locks (sorted), then every buffered event with its position, then a notification. */
    private void insertEvents() throws SQLException {
        TreeSet<Long> orgLocks = new TreeSet<>();
        for (ChangeEvent e : events) orgLocks.add(LockKeys.hash("onefold:positions\u0000" + e.organization()));
        int n = events.size();
        String[] orgs = new String[n];
        String[] profiles = new String[n];
        String[] types = new String[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            ChangeEvent e = events.get(i);
            orgs[i] = e.organization();
            profiles[i] = e.profileId();
            types[i] = e.type();
            at[i] = ts(e.at());
            payloads[i] = CanonicalJson.of(e.payload());
        }
        // the materialized CTE runs before any row is produced, so every nextval is drawn under the locks
        PreparedStatement ps = s.prepare("WITH locked AS MATERIALIZED (SELECT count(pg_advisory_xact_lock(k)) AS n FROM unnest(?::bigint[]) k),"
                + " notified AS MATERIALIZED (SELECT pg_notify('onefold_changes', ?))"
                + " INSERT INTO changes (position, org, profile_id, type, at, payload)"
                + " SELECT nextval('change_positions'), e.org, e.profile_id, e.type, e.at, e.payload"
                + " FROM locked, notified, unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::text[]) WITH ORDINALITY AS e(org, profile_id, type, at, payload, n)"
                + " ORDER BY e.n");
        ps.setArray(1, s.connection.createArrayOf("bigint", orgLocks.toArray(new Long[0])));
        ps.setString(2, nodeId);
        ps.setArray(3, s.connection.createArrayOf("text", orgs));
        ps.setArray(4, s.connection.createArrayOf("text", profiles));
        ps.setArray(5, s.connection.createArrayOf("text", types));
        ps.setArray(6, s.connection.createArrayOf("timestamptz", at));
        ps.setArray(7, s.connection.createArrayOf("text", payloads));
        ps.executeUpdate();
    }

    private void notify(String channel) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT pg_notify(?, ?)");
        ps.setString(1, channel);
        ps.setString(2, nodeId);
        ps.execute();
    }

    @Override
    public void rollback() {
        try {
            s.connection.rollback();
        } catch (SQLException e) {
            // the connection is gone or no transaction was open: nothing to roll back
        }
        reset();
    }

    @Override
    public void savepoint() {
        dirty = false;
        eventsAtMark = events.size();
        locksHeldAtMark = locksHeld;
    }

    @Override
    public void releaseSavepoint() {
        // nothing to release: no savepoint was sent
    }

    @Override
    public void rollbackToSavepoint() {
        if (lost) throw new TransactionLostException("the transaction was already rolled back to undo an operation");
        if (!dirty && !failed) {
            events.subList(eventsAtMark, events.size()).clear();
            return;
        }
        rollback();
        lost = true;
        throw new TransactionLostException("an operation failed after writing: the transaction was rolled back");
    }

    // ------------------------------------------------------------------ locks

    @Override
    public boolean lock(Collection<String> keys, boolean mayWait) {
        if (keys.isEmpty()) return true;
        TreeSet<Long> sorted = new TreeSet<>();
        for (String k : keys) sorted.add(LockKeys.hash(k));
        boolean wait = mayWait && !locksHeldAtMark;
        locksHeld = true;
        return call(() -> {
            PreparedStatement ps = s.prepare(wait
                    ? "SELECT count(pg_advisory_xact_lock(k)) = count(*) FROM unnest(?::bigint[]) k"
                    : "SELECT bool_and(pg_try_advisory_xact_lock(k)) FROM unnest(?::bigint[]) k");
            ps.setArray(1, s.connection.createArrayOf("bigint", sorted.toArray(new Long[0])));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        });
    }

    @Override
    public boolean shared() {
        return true;
    }

    /** A configuration write: waits for every open batch (they hold the lock shared), then bumps the epoch. */
    private void bumpEpoch() throws SQLException {
        if (epochBumped) return;
        s.execute("SELECT pg_advisory_xact_lock(" + CONFIGURATION_LOCK + "); UPDATE configuration_epoch SET epoch = epoch + 1");
        epochBumped = true;
    }

    // ------------------------------------------------------------------ writes

    @Override
    public void createOrganization(Organization o) {
        write(() -> {
            bumpEpoch();
            PreparedStatement ps = s.prepare("INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?)");
            ps.setString(1, o.id());
            ps.setString(2, o.name());
            ps.setObject(3, ts(o.createdAt()));
            ps.executeUpdate();
        });
    }

    @Override
    public void putOrganizationSettings(String org, ObjectNode settings) {
        write(() -> {
            bumpEpoch();
            PreparedStatement ps = s.prepare("UPDATE organizations SET settings = ?::jsonb WHERE id = ?");
            ps.setString(1, CanonicalJson.of(settings));
            ps.setString(2, org);
            ps.executeUpdate();
        });
    }

    @Override
    public int purgeChanges(String org, Instant before) {
        return write(() -> {
            PreparedStatement ps = s.prepare("DELETE FROM changes WHERE org = ? AND at < ?");
            ps.setString(1, org);
            ps.setObject(2, ts(before));
            return ps.executeUpdate();
        });
    }

    @Override
    public void apply(String org, Fragment before, GraphChanges changes, Set<String> nonLinking, Instant now) {
        write(() -> {
            Map<String, NodeState> old = new HashMap<>();
            before.nodes().forEach(n -> old.put(n.id(), n));
            Map<SourceRecordKey, String> owners = new HashMap<>();
            for (NodeState n : before.nodes()) n.records().forEach(k -> owners.put(k, n.id()));
            for (NodeState n : changes.nodes()) n.records().forEach(k -> owners.put(k, n.id()));

            Set<String> written = new HashSet<>();
            PreparedStatement nodes = null;
            for (NodeState n : changes.nodes()) {
                nodes = addNode(org, n, changes.profiles().get(n.id()), now);
                written.add(n.id());
            }
            if (nodes != null) nodes.executeBatch();
            PreparedStatement golden = null;
            for (ProfileView view : changes.profiles().values()) {
                if (!written.contains(view.profileId())) golden = addGolden(org, view, now);
            }
            if (golden != null) golden.executeBatch();

            // identifier entries: deletions first, then kind changes, then new values (the primary key decides)
            Batches batches = new Batches();
            for (NodeState n : changes.nodes()) {
                Map<String, String> was = entries(old.get(n.id()));
                Map<String, String> is = entries(n);
                for (var e : was.entrySet()) {
                    if (is.containsKey(e.getKey())) continue;
                    String[] av = split(e.getKey());
                    PreparedStatement ps = batches.add(nonLinking.contains(av[0])
                            ? "DELETE FROM shared_identifiers WHERE org = ? AND attribute = ? AND value = ? AND profile_id = ?"
                            : "DELETE FROM identifiers WHERE org = ? AND attribute = ? AND value = ? AND profile_id = ?");
                    ps.setString(1, org);
                    ps.setString(2, av[0]);
                    ps.setString(3, av[1]);
                    ps.setString(4, n.id());
                    ps.addBatch();
                }
            }
            batches.run();
            List<String[]> inserted = new ArrayList<>();
            for (NodeState n : changes.nodes()) {
                Map<String, String> was = entries(old.get(n.id()));
                for (var e : entries(n).entrySet()) {
                    String previous = was.get(e.getKey());
                    if (Objects.equals(previous, e.getValue())) continue;
                    String[] av = split(e.getKey());
                    if (nonLinking.contains(av[0])) {
                        PreparedStatement ps = batches.add("INSERT INTO shared_identifiers (org, attribute, value, profile_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING");
                        ps.setString(1, org);
                        ps.setString(2, av[0]);
                        ps.setString(3, av[1]);
                        ps.setString(4, n.id());
                        ps.addBatch();
                    } else if (previous != null) {
                        PreparedStatement ps = batches.add("UPDATE identifiers SET kind = ? WHERE org = ? AND attribute = ? AND value = ? AND profile_id = ?");
                        ps.setString(1, e.getValue());
                        ps.setString(2, org);
                        ps.setString(3, av[0]);
                        ps.setString(4, av[1]);
                        ps.setString(5, n.id());
                        ps.addBatch();
                    } else {
                        inserted.add(new String[] {av[0], av[1], n.id()});
                    }
                }
            }
            batches.run();
            if (!inserted.isEmpty()) {
                // DO NOTHING keeps the transaction usable: a value another profile holds is reported, not an aborted statement
                PreparedStatement ps = s.prepare("INSERT INTO identifiers (org, attribute, value, profile_id, kind) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
                for (String[] r : inserted) {
                    ps.setString(1, org);
                    ps.setString(2, r[0]);
                    ps.setString(3, r[1]);
                    ps.setString(4, r[2]);
                    ps.setString(5, entries(changes.nodes().stream().filter(x -> x.id().equals(r[2])).findFirst().orElseThrow()).get(r[0] + '\u0000' + r[1]));
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] == 0) {
                        String[] r = inserted.get(i);
                        String holder = PostgresReads.ownerOf(s, org, r[0], r[1]).orElse("another profile");
                        throw new IdentifierConflictException(r[0], List.of(r[2], holder), "the value of '" + r[0] + "' already identifies profile " + holder);
                    }
                }
            }
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
            return null;
        });
    }

    /** Prepared statements with queued rows, executed together (the driver pipelines a batch in one round trip). */
    private final class Batches {
        private final java.util.LinkedHashMap<String, PreparedStatement> pending = new java.util.LinkedHashMap<>();

        PreparedStatement add(String sql) throws SQLException {
            PreparedStatement ps = pending.get(sql);
            if (ps == null) {
                ps = s.prepare(sql);
                pending.put(sql, ps);
            }
            return ps;
        }

        void run() throws SQLException {
            for (PreparedStatement ps : pending.values()) ps.executeBatch();
            pending.clear();
        }
    }

    private static String[] split(String entry) {
        int i = entry.indexOf('\u0000');
        return new String[] {entry.substring(0, i), entry.substring(i + 1)};
    }

    /** attribute + '\u0000' + value → CURRENT | ALIAS */
    private static Map<String, String> entries(NodeState n) {
        Map<String, String> out = new HashMap<>();
        if (n == null) return out;
        n.current().forEach((a, vs) -> vs.forEach(v -> out.put(a + '\u0000' + v, "CURRENT")));
        n.aliases().forEach((a, vs) -> vs.forEach(v -> out.put(a + '\u0000' + v, "ALIAS")));
        return out;
    }

    private PreparedStatement addNode(String org, NodeState n, ProfileView view, Instant now) throws SQLException {
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

    private PreparedStatement addGolden(String org, ProfileView view, Instant now) throws SQLException {
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

    @Override
    public void updateGolden(String org, ProfileView view, Instant now) {
        write(() -> {
            addGolden(org, view, now).executeBatch();
        });
    }

    @Override
    public long appendChange(ChangeEvent e) {
        if (!open) throw new IllegalStateException("appendChange outside a transaction");
        events.add(e);
        return 0;
    }

    @Override
    public Set<String> rewriteChanges(String org, Collection<String> profileIds, Function<ChangeEvent, ObjectNode> rewrite) {
        return write(() -> {
            Set<String> changed = new TreeSet<>();
            Map<Long, String> payloads = new HashMap<>();
            for (ChangeEvent e : PostgresReads.history(s, org, profileIds, Integer.MAX_VALUE)) {
                String next = CanonicalJson.of(rewrite.apply(e));
                if (next.equals(CanonicalJson.of(e.payload()))) continue;
                payloads.put(e.position(), next);
                changed.add(e.profileId());
            }
            updatePayloads(payloads);
            // events appended in this transaction are inserted at commit: rewritten here, before they are
            Set<String> ids = Set.copyOf(profileIds);
            for (int i = 0; i < events.size(); i++) {
                ChangeEvent e = events.get(i);
                if (!e.organization().equals(org) || !ids.contains(e.profileId())) continue;
                ObjectNode next = rewrite.apply(e);
                if (next.equals(e.payload())) continue;
                events.set(i, new ChangeEvent(0, e.organization(), e.profileId(), e.type(), e.at(), next));
                changed.add(e.profileId());
            }
            return changed;
        });
    }

    private void updatePayloads(Map<Long, String> payloads) throws SQLException {
        if (payloads.isEmpty()) return;
        PreparedStatement u = s.prepare("UPDATE changes SET payload = ? WHERE position = ?");
        for (var e : payloads.entrySet()) {
            u.setString(1, e.getValue());
            u.setLong(2, e.getKey());
            u.addBatch();
        }
        u.executeBatch();
    }

    @Override
    public StoredConfig putConfig(String org, ConfigKind kind, String name, JsonNode body, Instant now) {
        return write(() -> {
            bumpEpoch();
            int version = PostgresReads.config(s, org, kind, name).map(c -> c.version() + 1).orElse(1);
            boolean first = PostgresReads.activeConfig(s, org, kind).isEmpty();
            PreparedStatement ps = s.prepare("INSERT INTO configs (org, kind, name, version, body, active, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
            ps.setString(1, org);
            ps.setString(2, kind.name());
            ps.setString(3, name);
            ps.setInt(4, version);
            ps.setString(5, CanonicalJson.of(body));
            ps.setBoolean(6, first);
            ps.setObject(7, ts(now));
            ps.executeUpdate();
            return PostgresReads.config(s, org, kind, name).orElseThrow();
        });
    }

    @Override
    public boolean activate(String org, ConfigKind kind, String name, int version) {
        return write(() -> {
            bumpEpoch();
            PreparedStatement ps = s.prepare("SELECT 1 FROM configs WHERE org = ? AND kind = ? AND name = ? AND version = ?");
            ps.setString(1, org);
            ps.setString(2, kind.name());
            ps.setString(3, name);
            ps.setInt(4, version);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return false;
            }
            // two statements: the unique index on the active row is checked row by row
            ps = s.prepare("UPDATE configs SET active = false WHERE org = ? AND kind = ? AND active");
            ps.setString(1, org);
            ps.setString(2, kind.name());
            ps.executeUpdate();
            ps = s.prepare("UPDATE configs SET active = true WHERE org = ? AND kind = ? AND name = ? AND version = ?");
            ps.setString(1, org);
            ps.setString(2, kind.name());
            ps.setString(3, name);
            ps.setInt(4, version);
            ps.executeUpdate();
            return true;
        });
    }

    @Override
    public boolean deleteConfig(String org, ConfigKind kind, String name) {
        return write(() -> {
            bumpEpoch();
            PreparedStatement ps = s.prepare("DELETE FROM configs c WHERE org = ? AND kind = ? AND name = ? AND NOT active "
                    + "AND NOT EXISTS (SELECT 1 FROM configs a WHERE a.org = c.org AND a.kind = c.kind AND a.name = c.name AND a.active)");
            ps.setString(1, org);
            ps.setString(2, kind.name());
            ps.setString(3, name);
            return ps.executeUpdate() > 0;
        });
    }

    @Override
    public void putIdempotency(IdempotencyRecord r) {
        write(() -> {
            PreparedStatement ps = s.prepare("INSERT INTO idempotency (org, key, request_hash, status, response, profile_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (org, key) DO UPDATE SET request_hash = excluded.request_hash, status = excluded.status, response = excluded.response, "
                    + "profile_id = excluded.profile_id, created_at = excluded.created_at");
            ps.setString(1, r.organization());
            ps.setString(2, r.key());
            ps.setString(3, r.requestHash());
            ps.setInt(4, r.status());
            ps.setString(5, r.response());
            ps.setString(6, r.profileId());
            ps.setObject(7, ts(r.createdAt()));
            ps.executeUpdate();
            return null;
        });
    }

    @Override
    public void putJob(Job j) {
        write(() -> {
            PreparedStatement ps = s.prepare("INSERT INTO jobs (org, id, type, status, total, done, result, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (org, id) DO UPDATE SET type = excluded.type, status = excluded.status, total = excluded.total, done = excluded.done, "
                    + "result = excluded.result, updated_at = excluded.updated_at");
            ps.setString(1, j.organization());
            ps.setString(2, j.id());
            ps.setString(3, j.type());
            ps.setString(4, j.status());
            ps.setLong(5, j.total());
            ps.setLong(6, j.done());
            ps.setString(7, CanonicalJson.of(j.result()));
            ps.setObject(8, ts(j.createdAt()));
            ps.setObject(9, ts(j.updatedAt()));
            ps.executeUpdate();
            return null;
        });
    }

    @Override
    public void putClient(ApiClient c) {
        write(() -> {
            PreparedStatement ps = s.prepare("INSERT INTO clients (client_id, org, secret_hash, permissions, sources, cidrs, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (client_id) DO UPDATE SET org = excluded.org, secret_hash = excluded.secret_hash, permissions = excluded.permissions, "
                    + "sources = excluded.sources, cidrs = excluded.cidrs, created_at = excluded.created_at");
            ps.setString(1, c.clientId());
            ps.setString(2, c.organization());
            ps.setString(3, c.secretHash());
            ps.setString(4, StoreCodec.strings(List.copyOf(new TreeSet<>(c.permissions()))));
            ps.setString(5, StoreCodec.strings(List.copyOf(new TreeSet<>(c.sources()))));
            ps.setString(6, StoreCodec.strings(c.cidrs()));
            ps.setObject(7, ts(c.createdAt()));
            ps.executeUpdate();
            return null;
        });
    }

    @Override
    public boolean deleteClient(String clientId) {
        return write(() -> {
            PreparedStatement ps = s.prepare("DELETE FROM clients WHERE client_id = ?");
            ps.setString(1, clientId);
            return ps.executeUpdate() > 0;
        });
    }

    @Override
    public void putSigningKey(SigningKey k) {
        write(() -> {
            PreparedStatement ps = s.prepare("INSERT INTO signing_keys (kid, secret, created_at, retire_at) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT (kid) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at, retire_at = excluded.retire_at");
            ps.setString(1, k.kid());
            ps.setString(2, k.secret());
            ps.setObject(3, ts(k.createdAt()));
            ps.setObject(4, ts(k.retireAt()));
            ps.executeUpdate();
            return null;
        });
    }

    @Override
    public void putWebhook(Webhook w) {
        write(() -> {
            PreparedStatement ps = s.prepare("INSERT INTO webhooks (org, id, url, types, secret, status, cursor, failures, recent_failures, created_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (org, id) DO UPDATE SET url = excluded.url, types = excluded.types, secret = excluded.secret, "
                    + "status = excluded.status, cursor = excluded.cursor, failures = excluded.failures, recent_failures = excluded.recent_failures");
            ps.setString(1, w.organization());
            ps.setString(2, w.id());
            ps.setString(3, w.url());
            ps.setString(4, StoreCodec.strings(w.types()));
            ps.setString(5, w.secret());
            ps.setString(6, w.status());
            ps.setLong(7, w.cursor());
            ps.setInt(8, w.failures());
            ps.setString(9, w.recentFailures().toString());
            ps.setObject(10, ts(w.createdAt()));
            ps.executeUpdate();
            return null;
        });
    }

    @Override
    public boolean deleteWebhook(String org, String id) {
        return write(() -> {
            PreparedStatement ps = s.prepare("DELETE FROM webhooks WHERE org = ? AND id = ?");
            ps.setString(1, org);
            ps.setString(2, id);
            return ps.executeUpdate() > 0;
        });
    }

    // ------------------------------------------------------------------ reads: on this connection, inside the transaction

    @Override
    <T> T query(Query<T> query) {
        return call(() -> query.run(s));
    }

    @Override
    <T> T snapshot(Query<T> query) {
        return query(query);
    }

    @Override
    public void close() {
        rollback();
        onClose.run();
    }

    // ------------------------------------------------------------------ plumbing

    interface SqlCall<T> {
        T call() throws SQLException;
    }

    interface SqlRun {
        void run() throws SQLException;
    }

    private void run(SqlRun r) {
        call(() -> {
            r.run();
            return null;
        });
    }

    /** A statement that writes: marks the operation as having written (see {@link #rollbackToSavepoint()}). */
    private <T> T write(SqlCall<T> c) {
        dirty = true;
        return call(c);
    }

    private void write(SqlRun r) {
        dirty = true;
        run(r);
    }

    private <T> T call(SqlCall<T> c) {
        try {
            return c.call();
        } catch (SQLException e) {
            failed = true;
            throw StoreFailure.of(e);
        } catch (RuntimeException e) {
            if (!(e instanceof IdentifierConflictException)) failed = true;
            throw e;
        }
    }
}
