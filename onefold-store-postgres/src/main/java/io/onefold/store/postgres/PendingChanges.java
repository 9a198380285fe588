package io.onefold.store.postgres;

import static io.onefold.store.postgres.PostgresDialect.ts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.json.CanonicalJson;
import io.onefold.store.ChangeEvent;
import io.onefold.store.jdbc.Statements;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The change events a write session's transaction appended, inserted at its commit so that positions follow commit
 * order: after a per-organization advisory lock held until the commit is visible, with positions drawn from a sequence
 * under it. A transaction's positions are larger than those of every transaction that committed before it took the
 * lock, and smaller than those of every one that takes it after — so a reader that sees position p has seen all below
 * p, and resuming from a position never skips an event committed late.
 */
final class PendingChanges {
    private final List<ChangeEvent> events = new ArrayList<>();
    private boolean open;

    /** A transaction began: appends are accepted until {@link #clear()}. */
    void open() {
        open = true;
    }

    /** The transaction ended (committed or rolled back): nothing pending, appends refused. */
    void clear() {
        events.clear();
        open = false;
    }

    boolean isEmpty() {
        return events.isEmpty();
    }

    void append(ChangeEvent e) {
        if (!open) throw new IllegalStateException("appendChange outside a transaction");
        events.add(e);
    }

    /** How many events are pending: a mark that {@link #dropFrom} goes back to. */
    int size() {
        return events.size();
    }

    /** Forgets the events appended since the mark {@code at} (an operation undone). */
    void dropFrom(int at) {
        events.subList(at, events.size()).clear();
    }

    /** Erasure of events not stored yet: rewrites the payloads of the given profile ids' events; returns those ids whose payloads changed. */
    Set<String> rewrite(String org, Collection<String> profileIds, Function<ChangeEvent, ObjectNode> rewrite) {
        Set<String> changed = new TreeSet<>();
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
    }

    /** One statement: the organizations' position locks (sorted), then every pending event with its position, then a notification. */
    void insert(Statements s, String nodeId) throws SQLException {
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
}
