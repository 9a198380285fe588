package io.onefold.core.identity;

import io.onefold.core.resolution.GoldenProfile;
import io.onefold.core.resolution.Resolver;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Layer 3: golden profiles, derived by the pure {@link Resolver} from a cluster's records and identifiers, and cached
 * per root. A command refreshes the roots it changed; a root no command reached (a loaded cluster) is resolved on
 * demand, the first time a reader asks ({@link #of}), so loading resolves nothing. {@link #rebuild} resolves from
 * nothing, past the cache, and must always agree with it.
 */
final class GoldenCache {
    private final IdentityIndex index;
    private final Resolver resolver;
    private final Map<String, GoldenProfile> golden = new HashMap<>();
    private long resolutions; // for tests: loading resolves nothing, an upsert its cluster once

    GoldenCache(IdentityIndex index, Resolver resolver) {
        this.index = index;
        this.resolver = resolver;
    }

    /** The root's golden profile, resolved when not cached. */
    GoldenProfile of(String root) {
        GoldenProfile g = golden.get(root);
        return g != null ? g : refresh(root);
    }

    /** The cached golden profile, or null when the root was never resolved (nothing is resolved for the asking). */
    GoldenProfile cachedOrNull(String root) {
        return golden.get(root);
    }

    boolean holds(String root) {
        return golden.containsKey(root);
    }

    /** Resolves the root again after a change to its cluster. */
    GoldenProfile refresh(String root) {
        GoldenProfile g = resolver.resolve(index.recordsOf(root), index.identifiersOf(root));
        resolutions++;
        golden.put(root, g);
        return g;
    }

    /** An id that is no longer a root (absorbed, erased). */
    void forget(String id) {
        golden.remove(id);
    }

    /** Resolves a profile from nothing: its records and identity, through the pure resolver; never cached. */
    GoldenProfile rebuild(String root) {
        return resolver.resolve(index.recordsOf(root), index.identifiersOf(root));
    }

    /** How many golden profiles the cache resolved, over its life ({@link #rebuild} not counted). */
    long resolutions() {
        return resolutions;
    }

    /** The profile as a reader sees it. */
    ProfileView view(String root, String redirectedFrom) {
        ProfileNode n = index.node(root);
        return new ProfileView(root, index.identifiersOf(root), of(root), n.createdAt, n.version, redirectedFrom);
    }

    /** The golden attributes whose value differs; every attribute of {@code after} when there was no {@code before}. */
    static Set<String> changedAttributes(GoldenProfile before, GoldenProfile after) {
        Set<String> changed = new TreeSet<>();
        Map<String, Object> b = new LinkedHashMap<>();
        if (before != null) before.attributes().fields().forEachRemaining(e -> b.put(e.getKey(), e.getValue()));
        after.attributes().fields().forEachRemaining(e -> {
            if (!Objects.equals(b.remove(e.getKey()), e.getValue())) changed.add(e.getKey());
        });
        changed.addAll(b.keySet());
        return changed;
    }
}
