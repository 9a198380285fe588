package io.onefold.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Units of work and atomic sections on a store's {@link TransactionControl}, written once for every store: group
 * commit (many units, one transaction, one fsync), each unit atomic on its own.
 */
public final class Transactions {
    private Transactions() {}

    /**
     * Begins a transaction, tells {@code begun} the configuration epoch it sees, runs each unit in a savepoint of its
     * own — a unit that throws is undone alone, the next one runs — and commits. A unit that meets another writer
     * ({@link TransientStoreException}) ends the run there: what ran before it commits, it and the rest do not run.
     */
    public static TransactionResult run(TransactionControl tx, List<? extends Supplier<?>> units, LongConsumer begun) {
        try {
            tx.begin();
            begun.accept(tx.configurationEpoch());
        } catch (RuntimeException e) {
            rollback(tx, e);
            return new TransactionResult.Failed("begin", e);
        }
        List<TransactionResult.Unit> outcomes = new ArrayList<>(units.size());
        TransientStoreException cutBy = null;
        for (int i = 0; i < units.size(); i++) {
            tx.savepoint();
            try {
                Object value = units.get(i).get();
                tx.releaseSavepoint();
                outcomes.add(new TransactionResult.Unit(value, null));
            } catch (RuntimeException | Error e) {
                try {
                    tx.rollbackToSavepoint();
                } catch (TransactionLostException lost) {
                    return new TransactionResult.Lost(i, e, lost);
                } catch (RuntimeException failed) {
                    e.addSuppressed(failed);
                }
                if (e instanceof TransientStoreException t) {
                    cutBy = t;
                    break;
                }
                outcomes.add(new TransactionResult.Unit(null, e));
            }
        }
        long committing = System.nanoTime();
        try {
            tx.commit();
        } catch (RuntimeException e) {
            rollback(tx, e);
            return new TransactionResult.Failed("commit", e);
        }
        return new TransactionResult.Committed(outcomes, cutBy, System.nanoTime() - committing);
    }

    /**
     * Runs {@code work} inside the current transaction so that, should it throw, none of its writes remain (and the
     * exception propagates); a store that can undo it only by losing the whole transaction throws
     * {@link TransactionLostException} instead.
     */
    public static <T> T atomically(TransactionControl tx, Supplier<T> work) {
        tx.savepoint();
        T value;
        try {
            value = work.get();
        } catch (RuntimeException | Error e) {
            tx.rollbackToSavepoint();
            throw e;
        }
        tx.releaseSavepoint();
        return value;
    }

    private static void rollback(TransactionControl tx, RuntimeException cause) {
        try {
            tx.rollback();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
