package io.onefold.core.identity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The links between profiles, in the order they were made or loaded: a merge's {@code SAME} link, an operator's or an
 * unmerge's {@code DIFFERENT} link. A link is retracted (or loses its demoted values to an erasure), never deleted, so
 * it keeps its position; what changed is noted by position, so that {@link ChangeTracker} reports links in this order.
 */
final class IdentityLinks {
    private final Supplier<Instant> clock;
    private final List<IdentityLink> links = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();
    private SortedSet<Integer> touched = new TreeSet<>();
    private long counter;

    IdentityLinks(Supplier<Instant> clock) {
        this.clock = clock;
    }

    /** Every link, oldest first (a read-only view). */
    List<IdentityLink> all() {
        return Collections.unmodifiableList(links);
    }

    void add(String from, String to, LinkKind kind, LinkOrigin origin, String evidence, List<IdentifierKey> demoted) {
        IdentityLink link = new IdentityLink(newId(), from, to, kind, origin, LinkState.ASSERTED, evidence, clock.get(), demoted);
        touched.add(links.size());
        links.add(link);
        ids.add(link.id());
    }

    /** The link at {@code position} in a new state (retracted); same id, same ends. */
    void replace(int position, IdentityLink link) {
        links.set(position, link);
        touched.add(position);
    }

    /** Links keep the demoted identifier values of a merge: those are personal data, so an erasure takes them. */
    void forgetDemoted(String profileId) {
        for (int i = 0; i < links.size(); i++) {
            IdentityLink l = links.get(i);
            if ((l.fromProfileId().equals(profileId) || l.toProfileId().equals(profileId)) && !l.demoted().isEmpty()) {
                replace(i, new IdentityLink(l.id(), l.fromProfileId(), l.toProfileId(), l.kind(), l.origin(), l.state(), l.evidence(), l.at(), List.of()));
            }
        }
    }

    /** Stored links, but those whose id is held already; answers the links added. Loading changes nothing to report. */
    List<IdentityLink> load(Collection<IdentityLink> loaded) {
        List<IdentityLink> added = new ArrayList<>();
        for (IdentityLink l : loaded) {
            if (ids.add(l.id())) {
                links.add(l);
                added.add(l);
            }
        }
        return added;
    }

    /** The positions of the links added or replaced since the last call, ascending. */
    SortedSet<Integer> takeTouched() {
        SortedSet<Integer> out = touched;
        touched = new TreeSet<>();
        return out;
    }

    private String newId() {
        return "L" + System.nanoTime() + "-" + (++counter) + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }
}
