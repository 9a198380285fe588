package io.onefold.store;

/** Idempotency records, written in the transaction of the operation they answer. */
public interface IdempotencyWrites extends IdempotencyReads {
    void putIdempotency(IdempotencyRecord record);
}
