package io.onefold.store;

import java.util.List;

/** What became of a transaction of units of work ({@link WriteSession#transact}). */
public sealed interface TransactionResult {
    /** What one unit of work gave: its value, or what it threw (its writes undone, the others' kept). */
    record Unit(Object value, Throwable error) {}

    /**
     * Committed and durable. {@code outcomes} holds the first units' outcomes; when it is shorter than the units
     * given, the next unit met another writer ({@code cutBy}, a {@link TransientStoreException}: its writes undone)
     * and neither it nor those after it ran — they belong in a later transaction, where the first may wait.
     */
    record Committed(List<Unit> outcomes, TransientStoreException cutBy, long commitNanos) implements TransactionResult {}

    /**
     * Nothing is stored: unit {@code at} failed with {@code error} and the store could only undo it by rolling the
     * whole transaction back ({@code lost}). The other units may run again in a new transaction.
     */
    record Lost(int at, Throwable error, TransactionLostException lost) implements TransactionResult {}

    /** Nothing is stored: the transaction could not begin, or its commit failed ({@code phase}: "begin" or "commit"). */
    record Failed(String phase, RuntimeException error) implements TransactionResult {}
}
