package io.onefold.service;

import io.onefold.core.testing.Fixtures;
import io.onefold.store.sqlite.SqliteProfileStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in a child JVM by {@link CrashSafetyIT}: upserts new customers from 8 threads forever, printing
 * {@code ACK <email> <profile_id>} after each acknowledged upsert, until it is killed.
 */
public final class CrashWorker {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String run = args[1];
        SqliteProfileStore store = SqliteProfileStore.open(dir, 2);
        ProfileService service = new ProfileService(store, ServiceOptions.defaults());
        if (service.ensureDefaultOrganization()) {
            service.configurations().createTemplate(ServiceFixture.ORG, Fixtures.exampleJson("omnichannel-template.json"));
            service.configurations().createRules(ServiceFixture.ORG, Fixtures.exampleJson("omnichannel-rules.json"));
        }
        PrintStream out = System.out;
        out.println("READY");
        out.flush();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int n = 0; ; n++) {
                    String email = "crash-" + run + "-" + thread + "-" + n + "@example.com";
                    String body = "{\"source\":\"salesforce_crm\",\"profile_data\":{\"email\":\"" + email + "\",\"loyalty_tier\":\"Gold\"}}";
                    String id = service.upsert(ServiceFixture.ORG, Fixtures.json(body), null).profileId();
                    synchronized (out) {
                        out.println("ACK " + email + " " + id);
                        out.flush();
                    }
                }
            }));
        }
        for (Thread t : threads) t.join();
    }
}
