package io.onefold.store.postgres;

import io.onefold.store.CommitOutcomeUnknownException;
import io.onefold.store.StoreUnavailableException;
import io.onefold.store.TransientStoreException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/** A database failure that is not the caller's fault and that waiting will not cure (disk full, a bug): a 500. */
public final class StoreFailure extends RuntimeException {
    /** Said to the client: the SQL message stays in the cause, as it may quote row values. */
    static final String UNAVAILABLE = "the database cannot be reached; retry later";
    static final String OUTCOME_UNKNOWN = "the connection to the database was lost after the commit was sent: the write may "
            + "or may not be stored; retrying with the same Idempotency-Key is safe";

    /**
     * The database is going away or not there yet: admin shutdown (57P01, a restart's fast stop), crash shutdown
     * (57P02), starting up or shutting down (57P03), too many connections (53300). Class 08 (connection exceptions:
     * refused, lost mid-statement, already closed) is matched by its prefix.
     */
    private static final Set<String> GONE = Set.of("57P01", "57P02", "57P03", "53300");

    StoreFailure(SQLException cause) {
        super("store failure: " + cause.getMessage(), cause);
    }

    /**
     * The exception for a failed statement: a deadlock (40P01), a serialization failure (40001) or a lock timeout
     * (55P03) is a conflict with another node that re-running the same work resolves — transient, retried by the
     * service and never shown to a client; a lost or refused connection is the store being unavailable (a 503).
     */
    static RuntimeException of(SQLException e) {
        String state = e.getSQLState();
        if ("40P01".equals(state) || "40001".equals(state) || "55P03".equals(state)) {
            return new TransientStoreException("conflict with a concurrent transaction (SQLSTATE " + state + ")", e);
        }
        if (connectionLost(e)) return new StoreUnavailableException(UNAVAILABLE, e);
        return new StoreFailure(e);
    }

    /** The exception for a failed COMMIT: when the connection went, nobody knows whether the database committed. */
    static RuntimeException ofCommit(SQLException e) {
        return connectionLost(e) ? new CommitOutcomeUnknownException(OUTCOME_UNKNOWN, e) : of(e);
    }

    /** The connection is gone or could not be had (the pool's timeout while the database is down included). */
    static boolean connectionLost(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLTransientConnectionException || (state != null && (state.startsWith("08") || GONE.contains(state)));
    }
}
