package io.onefold.benchmarks.service;

import java.util.Arrays;

/** A growable list of longs (latencies, end times), appended by one thread. */
final class LongList {
    long[] a = new long[1 << 14];
    int size;

    void add(long v) {
        if (size == a.length) a = Arrays.copyOf(a, a.length * 2);
        a[size++] = v;
    }

    long[] sorted() {
        long[] s = Arrays.copyOf(a, size);
        Arrays.sort(s);
        return s;
    }
}
