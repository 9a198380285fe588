package io.onefold.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.onefold.core.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Erasure: after a checkpoint, not one byte of the erased email remains in any file of the data directory. */
class ErasureTest {
    private static final String EMAIL = "erase.me.please@example.com";
    private static final String OLD_EMAIL = "erase.me.old@example.com";
    private static final String PHONE = "+14155550777";

    @TempDir
    Path dir;

    @Test
    void afterErasureNotOneByteOfTheEmailRemainsInTheDatabaseFiles() throws IOException {
        try (ServiceFixture f = ServiceFixture.open(dir)) {
            String org = ServiceFixture.ORG;
            // the profile's email reaches every table: records, identifiers, aliases, history, idempotency, links
            String id = f.service.upsert(org, Fixtures.json("{\"source\":\"salesforce_crm\",\"source_record_id\":\"C-9\",\"observed_at\":\"2026-10-01T00:00:00Z\","
                    + "\"profile_data\":{\"email\":\"" + OLD_EMAIL + "\",\"loyalty_tier\":\"Gold\"}}"), "idem-1").profileId();
            f.upsert("{\"source\":\"salesforce_crm\",\"source_record_id\":\"C-9\",\"observed_at\":\"2026-11-01T00:00:00Z\",\"profile_data\":{\"email\":\"" + EMAIL + "\"}}");
            String ivr = f.upsert("{\"source\":\"voice_ivr\",\"profile_data\":{\"phone_number\":\"" + PHONE + "\",\"recent_intent\":\"cancel\"}}").profileId();
            f.upsert("{\"source\":\"webchat_middleware\",\"profile_data\":{\"email\":\"" + EMAIL + "\",\"phone_number\":\"" + PHONE + "\"}}");
            // a bystander who once shared a merge with the erased profile
            String other = f.upsert("{\"source\":\"webchat_middleware\",\"profile_data\":{\"email\":\"bystander@example.com\"}}").profileId();
            f.service.merge(org, List.of(id, other), "operator");
            f.service.unmerge(org, id, other);
            assertThat(scan()).as("precondition: the email is on disk").isTrue();

            List<String> erased = f.service.erase(org, ivr);
            assertThat(erased).contains(id, ivr);
            assertThat(f.service.lookup(org, "email", EMAIL)).isEmpty();
            assertThat(f.service.history(org, other, 100)).noneSatisfy(e -> assertThat(e.payload().toString()).contains(EMAIL));
            assertThat(f.service.find(org, "email", "bystander@example.com", 10, null).items()).hasSize(1);
        }
        assertThat(scan()).as("no byte of the erased email in " + files()).isFalse();
        assertThat(scanFor(OLD_EMAIL)).isFalse();
        assertThat(scanFor(PHONE)).isFalse();
    }

    private boolean scan() throws IOException {
        return scanFor(EMAIL);
    }

    private boolean scanFor(String value) throws IOException {
        byte[] needle = value.getBytes(StandardCharsets.UTF_8);
        for (Path p : files()) {
            byte[] bytes = Files.readAllBytes(p);
            outer:
            for (int i = 0; i <= bytes.length - needle.length; i++) {
                for (int j = 0; j < needle.length; j++) if (bytes[i + j] != needle[j]) continue outer;
                return true;
            }
        }
        return false;
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}
