package io.onefold.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Request ids: the caller's when sane, else a new random UUID (version 4, IETF variant), never the same twice. */
class RequestIdsTest {
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._\\-]{1,128}");

    @Test
    void new_ids_are_random_uuids_each_different() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = RequestIds.next();
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(uuid.toString()).isEqualTo(id);
            seen.add(id);
        }
        assertThat(seen).hasSize(10_000);
    }

    @Test
    void a_caller_s_id_is_kept_exactly_when_it_matches_the_documented_pattern() {
        Random random = new Random(128);
        String alphabet = "aZ09._-/ +é\u0000:" + "\u0130\u212A\uFF10";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(10) == 0 ? 120 + random.nextInt(16) : random.nextInt(6);
            for (int j = 0; j < length; j++) s.append(random.nextInt(4) == 0 ? alphabet.charAt(random.nextInt(alphabet.length())) : (char) ('a' + random.nextInt(26)));
            String given = s.toString();
            String id = Requests.id(given);
            if (SANE.matcher(given).matches()) assertThat(id).as("'%s'", given).isEqualTo(given);
            else assertThat(UUID.fromString(id).version()).as("'%s'", given).isEqualTo(4);
        }
        assertThat(UUID.fromString(Requests.id((String) null)).version()).isEqualTo(4);
    }
}
