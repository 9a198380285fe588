package io.onefold.service;

import org.junit.jupiter.api.AfterEach;

/** {@link MatchingScenarios} on PostgreSQL: the blocking index and the review queue are the database's. */
class MatchingPostgresIT extends MatchingScenarios {
    private PostgresServices db;

    @Override
    protected ServiceFixture open() {
        db = new PostgresServices();
        return db.open().configureMatching();
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
