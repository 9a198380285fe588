package io.onefold.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.onefold.store.ProfileRowsListener;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * The readers' exact cache of hot profiles: the wire bytes of active profiles by id, and which of them a linking
 * identifier value finds. A hit costs no SQL, no JSON parse and no rendering.
 *
 * <h2>Why it is exact</h2>
 * The store tells it, on the writer's thread, which profile rows each commit wrote ({@link ProfileRowsListener}),
 * after the commit and before the writer answers anyone: those rows are dropped here first, so a read after a 2xx
 * never finds what the write replaced. Readers fill it, and a fill must never put back what a commit just dropped: a
 * reader takes the {@link #epoch()} before it reads the store, and its fill is refused when a commit published after
 * that epoch wrote a row of the same stripe (a striped stamp, set under the stripe's lock by the drop that the fill
 * also takes). So a fill either precedes the drop (and is dropped) or follows it with a stamp newer than its epoch
 * (and is refused) — unless the reader's epoch is that commit's or later, and then its read began after the commit and
 * saw it. Absence is never cached; neither is an absorbed id's redirect.
 *
 * <p>A lookup entry points at the very document entry it was filled with and is used only while that entry is the
 * cached one: a linking value's owner changes only with the identity of the profile holding it, which rewrites that
 * profile's row, which drops its entry, and with it every lookup pointing there.
 *
 * <p>Bounded (Caffeine's W-TinyLFU, {@code capacity} documents and as many lookups); its size changes costs, never an
 * answer. With {@code -Donefold.cache.verify=true} (the tests) every hit is compared with the store's answer.
 */
final class ProfileReadCache implements ProfileRowsListener {
    /** Profiles kept by default: ~0.5–1 KB each, so ~100 MB for a busy day's hot customers. */
    static final int DEFAULT_PROFILES = 100_000;
    private static final int STRIPES = 1 << 12;
    private static final int LOCKS = 64;

    record Key(String org, String id) {}

    record ValueKey(String org, String attribute, String value) {}

    /**
     * A cached document, with the stamp of the row it was rendered from when the cache is {@link #confirmed} (else
     * null); its identity is what a lookup entry checks.
     */
    record Entry(Key key, ProfileDocument document, String stamp) {}

    private final int capacity;
    private final boolean confirmed;
    private final Cache<Key, Entry> documents;
    private final Cache<ValueKey, Entry> lookups;
    /** Per stripe, the last commit that dropped one of its rows; guarded by {@code locks[stripe % LOCKS]}. */
    private final long[] stamps = new long[STRIPES];
    private final Object[] locks = new Object[LOCKS];
    /** Commits whose rows have been dropped; a reader's epoch. */
    private volatile long published;
    /** Commits that started writing rows: equal to {@link #published} when none is in flight (see {@link #quiet}). */
    private volatile long started;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    /** @param capacity documents kept; 0 disables the cache (every read goes to the store). */
    ProfileReadCache(int capacity) {
        this(capacity, false);
    }

    /**
     * @param confirmed on a store shared by several nodes, whose commits this process does not all see: an entry
     *                  carries its row's stamp and is served only after the store confirmed that stamp
     *                  ({@link io.onefold.store.ProfileReads#rowStamp}) — one small read instead of a row's read, parse
     *                  and render.
     */
    ProfileReadCache(int capacity, boolean confirmed) {
        if (capacity < 0) throw new IllegalArgumentException("capacity must be 0 or more");
        this.capacity = capacity;
        this.confirmed = confirmed;
        // maintenance on the calling thread: no pool thread wakes up for it
        this.documents = Caffeine.newBuilder().maximumSize(capacity).executor(Runnable::run).build();
        this.lookups = Caffeine.newBuilder().maximumSize(capacity).executor(Runnable::run).build();
        for (int i = 0; i < LOCKS; i++) locks[i] = new Object();
    }

    boolean enabled() {
        return capacity > 0;
    }

    /** Whether an entry is served only once the store confirmed its row's stamp. */
    boolean confirmed() {
        return confirmed;
    }

    /** Taken before a read of the store whose answer may {@link #fill} the cache. */
    long epoch() {
        return published;
    }

    /** The cached entry of an active profile id, or null. */
    Entry document(String org, String id) {
        if (capacity == 0) return null;
        Entry e = documents.getIfPresent(new Key(org, id));
        count(e != null);
        return e;
    }

    /** The cached entry of the profile a linking identifier value finds (its owner: {@code key().id()}), or null. */
    Entry lookup(String org, String attribute, String value) {
        if (capacity == 0) return null;
        Entry e = lookups.getIfPresent(new ValueKey(org, attribute, value));
        boolean valid = e != null && documents.getIfPresent(e.key()) == e;
        count(valid);
        return valid ? e : null;
    }

    /** A hit the store did not confirm (another node rewrote the row): counted as a miss. */
    void unconfirmed() {
        hits.decrement();
        misses.increment();
    }

    /**
     * Offers what a reader read from the store after taking {@code epoch}: the document of an active profile, and the
     * linking value that found it (or null). Refused when a commit since then wrote a row of its stripe.
     */
    void fill(long epoch, String org, ProfileDocument document, ValueKey foundBy, String stamp) {
        if (capacity == 0 || (confirmed && stamp == null)) return;
        Key key = new Key(org, document.profileId());
        int stripe = stripe(key);
        synchronized (locks[stripe % LOCKS]) {
            if (stamps[stripe] > epoch) return;
            Entry current = documents.getIfPresent(key);
            boolean same = current != null && java.util.Objects.equals(current.stamp(), stamp) && Arrays.equals(current.document().json(), document.json());
            Entry entry = same ? current : new Entry(key, document, stamp);
            if (entry != current) documents.put(key, entry);
            if (foundBy != null) lookups.put(foundBy, entry);
        }
    }

    @Override
    public void committing() {
        started = published + 1;
    }

    /** Drops the rows a commit wrote; the writer answers its callers after this returns. */
    @Override
    public synchronized void committed(Map<String, Set<String>> rowsByOrganization) {
        long commit = published + 1;
        started = commit;
        if (capacity > 0) {
            rowsByOrganization.forEach((org, ids) -> {
                for (String id : ids) {
                    Key key = new Key(org, id);
                    int stripe = stripe(key);
                    synchronized (locks[stripe % LOCKS]) {
                        stamps[stripe] = commit;
                        documents.invalidate(key);
                    }
                }
            });
        }
        published = commit;
    }

    @Override
    public synchronized void unknownChanges() {
        long commit = published + 1;
        started = commit;
        for (int l = 0; l < LOCKS; l++) {
            synchronized (locks[l]) {
                for (int stripe = l; stripe < STRIPES; stripe += LOCKS) stamps[stripe] = commit;
            }
        }
        documents.invalidateAll();
        lookups.invalidateAll();
        published = commit;
    }

    /**
     * Whether no commit was in flight or published between two readings of {@link #quietMark}: then a hit and a read
     * of the store made in between must agree (what {@code onefold.cache.verify} checks).
     */
    long quietMark() {
        long p = published;
        return started == p ? p : -1;
    }

    long hits() {
        return hits.sum();
    }

    long misses() {
        return misses.sum();
    }

    long size() {
        return documents.estimatedSize();
    }

    int capacity() {
        return capacity;
    }

    /** Its size and hit counts as meters (docs/configuration.md, "Metrics"). */
    void register(MeterRegistry registry) {
        Gauge.builder("onefold_read_cache_profiles", this::size).description("profiles the readers' cache keeps rendered")
                .strongReference(true).register(registry);
        FunctionCounter.builder("onefold_read_cache_hits", this, ProfileReadCache::hits)
                .description("reads by id or linking identifier answered from the readers' cache").register(registry);
        FunctionCounter.builder("onefold_read_cache_misses", this, ProfileReadCache::misses)
                .description("reads by id or linking identifier that went to the store").register(registry);
    }

    private void count(boolean hit) {
        (hit ? hits : misses).increment();
    }

    private static int stripe(Key key) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & (STRIPES - 1);
    }
}
