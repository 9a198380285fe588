package io.onefold.core.matching;

import java.util.Arrays;

/** An open-addressing set of longs (no boxing), for the millions of candidate pairs blocking can produce. */
final class LongSet {
    private static final long EMPTY = Long.MIN_VALUE;
    private long[] slots = new long[1 << 10];
    private int size;

    LongSet() {
        Arrays.fill(slots, EMPTY);
    }

    void add(long value) {
        if (value == EMPTY) throw new IllegalArgumentException("reserved value");
        if ((size + 1) * 2 > slots.length) grow();
        if (insert(slots, value)) size++;
    }

    long[] toArray() {
        long[] out = new long[size];
        int n = 0;
        for (long v : slots) if (v != EMPTY) out[n++] = v;
        return out;
    }

    private static boolean insert(long[] table, long value) {
        int mask = table.length - 1;
        int i = (int) (mix(value) & mask);
        while (table[i] != EMPTY) {
            if (table[i] == value) return false;
            i = (i + 1) & mask;
        }
        table[i] = value;
        return true;
    }

    private void grow() {
        long[] bigger = new long[slots.length * 2];
        Arrays.fill(bigger, EMPTY);
        for (long v : slots) if (v != EMPTY) insert(bigger, v);
        slots = bigger;
    }

    private static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        return x;
    }
}
