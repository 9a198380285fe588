package io.onefold.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety: a child JVM upserts under load and is killed ({@code destroyForcibly}, i.e. SIGKILL) in the middle;
 * restarted on the same data directory, every write it acknowledged is there. Twice, so that recovery of a
 * database that was itself recovered is covered too.
 */
class CrashSafetyIT {
    @TempDir
    Path dir;

    @Test
    void killingTheServiceUnderLoadLosesNoAcknowledgedWrite() throws Exception {
        Map<String, String> acknowledged = new LinkedHashMap<>();
        for (int round = 0; round < 2; round++) {
            acknowledged.putAll(runAndKill("r" + round, 400 + round * 300));
        }
        try (ServiceFixture f = new ServiceFixture(dir, false)) {
            for (var e : acknowledged.entrySet()) {
                var found = f.service.queries().lookup(ServiceFixture.ORG, "email", e.getKey());
                assertThat(found).as("acknowledged %s", e.getKey()).isPresent();
                assertThat(found.get().get("profile_id").textValue()).isEqualTo(e.getValue());
            }
            assertThat(f.store.profiles().countActiveProfiles(ServiceFixture.ORG)).isGreaterThanOrEqualTo(acknowledged.size());
        }
    }

    private Map<String, String> runAndKill(String run, int acksBeforeKill) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CrashWorker.class.getName(), dir.toString(), run)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.directory(new File(System.getProperty("user.dir")));
        Process child = pb.start();
        Map<String, String> acks = new LinkedHashMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    String[] parts = line.split(" ");
                    acks.put(parts[1], parts[2]);
                    if (acks.size() == acksBeforeKill) {
                        child.destroyForcibly();
                        break;
                    }
                }
            }
            // lines the child wrote but we had not read when it died are lost with its pipe: we check what we saw
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(acks.size()).as("the child made progress before it was killed").isGreaterThanOrEqualTo(acksBeforeKill);
        return acks;
    }
}
