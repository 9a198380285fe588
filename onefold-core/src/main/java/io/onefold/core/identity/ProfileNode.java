package io.onefold.core.identity;

import io.onefold.core.model.SourceRecordKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One profile id in the identity graph and what it owns: identifier entries and source records. A merge does
 * not move anything — the absorbed node keeps its entries and records and points at its survivor — so an
 * unmerge only has to cut that pointer. A profile's cluster is its node and every node absorbed into it.
 */
final class ProfileNode {
    final String id;
    final Instant createdAt;
    ProfileStatus status = ProfileStatus.ACTIVE;
    String survivorId;
    final List<String> absorbed = new ArrayList<>();
    final Map<String, TreeSet<String>> current = new TreeMap<>();
    final Map<String, TreeSet<String>> aliases = new TreeMap<>();
    final Set<SourceRecordKey> records = new TreeSet<>();
    long version;

    ProfileNode(String id, Instant createdAt) {
        this.id = id;
        this.createdAt = createdAt;
    }

    boolean holdsCurrent(IdentifierKey key) {
        return current.getOrDefault(key.attribute(), new TreeSet<>()).contains(key.value());
    }

    boolean holdsAlias(IdentifierKey key) {
        return aliases.getOrDefault(key.attribute(), new TreeSet<>()).contains(key.value());
    }

    void addCurrent(IdentifierKey key) {
        current.computeIfAbsent(key.attribute(), k -> new TreeSet<>()).add(key.value());
    }

    void addAlias(IdentifierKey key) {
        aliases.computeIfAbsent(key.attribute(), k -> new TreeSet<>()).add(key.value());
    }

    boolean removeCurrent(IdentifierKey key) {
        TreeSet<String> values = current.get(key.attribute());
        boolean removed = values != null && values.remove(key.value());
        if (values != null && values.isEmpty()) current.remove(key.attribute());
        return removed;
    }

    boolean removeAlias(IdentifierKey key) {
        TreeSet<String> values = aliases.get(key.attribute());
        boolean removed = values != null && values.remove(key.value());
        if (values != null && values.isEmpty()) aliases.remove(key.attribute());
        return removed;
    }

    /** The node as a store keeps it (copied). */
    NodeState state() {
        return NodeState.of(id, createdAt, status, survivorId, absorbed, current, aliases, records, version);
    }

    /** Older first: the survivor of a merge is the oldest profile, ties broken by id. */
    static int age(ProfileNode a, ProfileNode b) {
        int byTime = a.createdAt.compareTo(b.createdAt);
        return byTime != 0 ? byTime : a.id.compareTo(b.id);
    }
}
