package io.onefold.service;

import org.junit.jupiter.api.AfterEach;

/** {@link MatchRebuildScenarios} on PostgreSQL: the blocking keys rewritten and the clusters locked are the database's. */
class MatchRebuildPostgresIT extends MatchRebuildScenarios {
    private PostgresServices db;

    @Override
    protected ServiceFixture open() {
        db = new PostgresServices();
        return db.open();
    }

    @Override
    protected ServiceFixture reopen() {
        f.close();
        return db.open();
    }

    @AfterEach
    void dropDatabase() {
        if (f != null) f.close();
        if (db != null) db.close();
    }
}
