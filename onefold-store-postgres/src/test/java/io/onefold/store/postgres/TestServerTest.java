package io.onefold.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TestServerTest {
    private static final String PRIVATE = "jdbc:postgresql://127.0.0.1:40001/";

    @Test
    void aConfiguredServerIsUsedWithoutProbingOrStartingAnother() {
        Map<String, String> env = Map.of("ONEFOLD_TEST_PG", "jdbc:postgresql://db.test:6543/");
        String chosen = TestServer.choose(env::get, () -> {
            throw new AssertionError("probed 127.0.0.1:5432 although ONEFOLD_TEST_PG is set");
        }, () -> {
            throw new AssertionError("started a private server although ONEFOLD_TEST_PG is set");
        });
        assertThat(chosen).isEqualTo("jdbc:postgresql://db.test:6543/");
    }

    @Test
    void theSharedServerIsUsedWhenItAnswers() {
        String chosen = TestServer.choose(Map.<String, String>of()::get, () -> true, () -> {
            throw new AssertionError("started a private server although 127.0.0.1:5432 answers");
        });
        assertThat(chosen).isEqualTo(TestServer.SHARED);
    }

    @Test
    void aPrivateServerIsStartedWhenNothingAnswers() {
        assertThat(TestServer.choose(Map.<String, String>of()::get, () -> false, () -> PRIVATE)).isEqualTo(PRIVATE);
    }

    @Test
    void theUserDefaultsToPostgres() {
        assertThat(TestServer.user(Map.<String, String>of()::get)).isEqualTo("postgres");
        assertThat(TestServer.user(Map.of("ONEFOLD_TEST_PG_USER", "ci")::get)).isEqualTo("ci");
    }
}
