package io.onefold.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.onefold.store.sqlite.SqliteProfileStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client authentication does the same work whether the client id exists or not, so its timing tells nothing: checked
 * structurally — the hash comparisons are counted — never by a stopwatch.
 */
class AccessServiceTest {

    /** The real hasher, recording every comparison and the stored hash it compared against. */
    private static final class CountingHasher implements SecretHasher {
        final List<String> comparedWith = new ArrayList<>();

        @Override
        public String hash(String secret) {
            return SecretHasher.pbkdf2().hash(secret);
        }

        @Override
        public boolean matches(String secret, String storedHash) {
            comparedWith.add(storedHash);
            return SecretHasher.pbkdf2().matches(secret, storedHash);
        }
    }

    /** The hash's parameters (algorithm and iterations): what the work of one comparison depends on. */
    private static String parameters(String storedHash) {
        return storedHash.substring(0, storedHash.indexOf('$', storedHash.indexOf('$') + 1));
    }

    @Test
    void anUnknownClientIdCostsTheSameHashWorkAsAKnownOne(@TempDir Path dir) {
        try (SqliteProfileStore store = SqliteProfileStore.open(dir, 2)) {
            try (ProfileService service = new ProfileService(store, ServiceOptions.defaults())) {
                service.ensureDefaultOrganization();
            }
            SingleWriter writer = new SingleWriter(store);
            CountingHasher hasher = new CountingHasher();
            AccessService access = new AccessService(store, writer, Instant::now, hasher);
            access.createClient(ProfileService.DEFAULT_ORGANIZATION, "known-client", "the-right-secret-0123", Set.of(Permission.READ), Set.of(), List.of());

            assertThat(access.authenticate("known-client", "a-wrong-secret-0123")).isEmpty();
            assertThat(access.authenticate("unknown-client", "a-wrong-secret-0123")).isEmpty();
            assertThat(access.authenticate("unknown-client", "the-right-secret-0123")).isEmpty();
            assertThat(access.authenticate("known-client", "the-right-secret-0123")).isPresent();

            assertThat(hasher.comparedWith).as("one comparison per attempt, known id or not").hasSize(4);
            assertThat(hasher.comparedWith.stream().map(AccessServiceTest::parameters).distinct())
                    .as("every comparison at the same cost").containsExactly(parameters(hasher.comparedWith.get(0)));
            writer.close();
        }
    }
}
