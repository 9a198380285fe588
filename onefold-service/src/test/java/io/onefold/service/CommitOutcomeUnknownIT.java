package io.onefold.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onefold.core.error.ErrorCode;
import io.onefold.core.testing.Fixtures;
import io.onefold.store.CommitOutcomeUnknownException;
import io.onefold.store.postgres.CommitCuttingProxy;
import io.onefold.store.postgres.CommitCuttingProxy.Cut;
import io.onefold.store.postgres.PostgresProfileStore;
import io.onefold.store.postgres.TestDatabase;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An upsert whose connection is lost after its COMMIT was sent cannot know whether it was stored: the service says so
 * ({@link CommitOutcomeUnknownException}, a 503 {@code COMMIT_OUTCOME_UNKNOWN}), the writer opens a new connection,
 * and the retry with the same Idempotency-Key leaves exactly one profile whichever way the commit went. The connection
 * is lost by a proxy between the node and PostgreSQL ({@link CommitCuttingProxy}), at the COMMIT itself.
 */
class CommitOutcomeUnknownIT {
    private static final String KEY = "crm-C-100-v1";
    private static final String BODY = "{\"source\": \"salesforce_crm\", \"source_record_id\": \"C-100\", "
            + "\"profile_data\": {\"email\": \"ava@example.com\", \"loyalty_tier\": \"Gold\"}}";

    private TestDatabase database;
    private CommitCuttingProxy proxy;
    private ServiceFixture f;

    @BeforeEach
    void open() throws IOException {
        database = TestDatabase.create();
        proxy = new CommitCuttingProxy(database.server());
        f = new ServiceFixture(null, PostgresProfileStore.open(proxy.url(database.name()), database.user(), null, 2, 1), null, true);
    }

    @AfterEach
    void close() throws IOException {
        if (f != null) f.close();
        if (proxy != null) proxy.close();
        if (database != null) database.close();
    }

    @Test
    void a_commit_the_database_received_is_unknown_to_the_caller_and_its_retry_replays_the_stored_answer() {
        proxy.cutAtNextCommit(Cut.AFTER_THE_DATABASE_RECEIVED_IT);
        assertOutcomeUnknown();

        UpsertResponse retried = upsert();
        assertThat(retried.replayed()).as("the commit happened: the retry answers what was stored").isTrue();
        assertThat(retried.status()).isEqualTo(201);
        assertThat(f.store.profiles().countActiveProfiles(ServiceFixture.ORG)).isEqualTo(1);
    }

    @Test
    void a_commit_the_database_never_received_is_unknown_to_the_caller_and_its_retry_applies_the_write_once() {
        proxy.cutAtNextCommit(Cut.BEFORE_THE_DATABASE_RECEIVED_IT);
        assertOutcomeUnknown();

        UpsertResponse retried = upsert();
        assertThat(retried.replayed()).as("nothing was stored: the retry applies the write").isFalse();
        assertThat(retried.status()).isEqualTo(201);
        assertThat(f.store.profiles().countActiveProfiles(ServiceFixture.ORG)).isEqualTo(1);
    }

    private void assertOutcomeUnknown() {
        assertThatThrownBy(this::upsert).isInstanceOfSatisfying(CommitOutcomeUnknownException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.COMMIT_OUTCOME_UNKNOWN));
        assertThat(proxy.cutHappened()).as("the connection was lost at the COMMIT, not elsewhere").isTrue();
    }

    private UpsertResponse upsert() {
        return f.service.upsert(ServiceFixture.ORG, Fixtures.json(BODY), KEY);
    }
}
