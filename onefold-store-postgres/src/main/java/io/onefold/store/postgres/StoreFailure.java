package io.onefold.store.postgres;

import io.onefold.store.TransientStoreException;
import java.sql.SQLException;

/** A database failure that is not the caller's fault (connection lost, disk full): a 5xx, never a 4xx. */
public final class StoreFailure extends RuntimeException {
    StoreFailure(SQLException cause) {
        super("store failure: " + cause.getMessage(), cause);
    }

    /**
     * The exception for a failed statement: a deadlock (40P01), a serialization failure (40001) or a lock timeout
     * (55P03) is a conflict with another node that re-running the same work resolves — transient, retried by the
     * service and never shown to a client.
     */
    static RuntimeException of(SQLException e) {
        String state = e.getSQLState();
        if ("40P01".equals(state) || "40001".equals(state) || "55P03".equals(state)) {
            return new TransientStoreException("conflict with a concurrent transaction (SQLSTATE " + state + ")", e);
        }
        return new StoreFailure(e);
    }
}
