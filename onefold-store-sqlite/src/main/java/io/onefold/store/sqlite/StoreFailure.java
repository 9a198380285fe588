package io.onefold.store.sqlite;

import java.sql.SQLException;

/** A database failure that is not the caller's fault (I/O, corruption, disk full): a 5xx, never a 4xx. */
public final class StoreFailure extends RuntimeException {
    StoreFailure(SQLException cause) {
        super("store failure: " + cause.getMessage(), cause);
    }
}
