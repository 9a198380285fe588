package io.onefold.benchmarks.service;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Failures counted by message (ids masked), at most 50 distinct ones, printed after a phase. */
final class ErrorCounts {
    final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    void add(RuntimeException e) {
        add(e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "<id>"));
    }

    void add(String what) {
        String key = what.length() > 160 ? what.substring(0, 160) : what;
        if (counts.size() < 50 || counts.containsKey(key)) counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    void print() {
        if (counts.isEmpty()) {
            System.out.println("errors: none");
            return;
        }
        System.out.println("errors:");
        counts.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %,d x %s%n", v.sum(), k));
    }
}
