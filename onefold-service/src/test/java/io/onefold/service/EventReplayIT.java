package io.onefold.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.error.OnefoldException;
import io.onefold.core.json.CanonicalJson;
import io.onefold.core.json.Json;
import io.onefold.core.testing.Fixtures;
import io.onefold.store.ChangeEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The change stream is complete: after 10,000 random operations (upserts, merges, unmerges, transfers,
 * erasures), replaying it from the start reconstructs exactly the live profile ids and their golden records.
 */
class EventReplayIT {
    private static final int OPERATIONS = Integer.getInteger("onefold.replay.operations", 10_000);
    @TempDir
    Path dir;

    @Test
    void replayingTheStreamFromTheStartReconstructsEveryLiveProfile() {
        Random random = new Random(42);
        String[] sources = {"salesforce_crm", "webchat_middleware", "voice_ivr"};
        String[] tiers = {"Bronze", "Silver", "Gold", "Platinum"};
        try (ServiceFixture f = ServiceFixture.open(dir)) {
            String org = ServiceFixture.ORG;
            List<String> known = new ArrayList<>();
            int refused = 0;
            for (int op = 0; op < OPERATIONS; op++) {
                int customer = random.nextInt(400);
                int kind = random.nextInt(100);
                try {
                    if (kind < 80 || known.size() < 2) {
                        String id = random.nextBoolean() ? "\"email\":\"r" + customer + "@example.com\"" : "\"phone_number\":\"+1415" + String.format("%07d", customer) + "\"";
                        if (random.nextInt(10) == 0) id = "\"email\":\"r" + customer + "@example.com\",\"phone_number\":\"+1415" + String.format("%07d", customer) + "\"";
                        String body = "{\"source\":\"" + sources[random.nextInt(3)] + "\",\"observed_at\":\"2026-11-" + String.format("%02d", 1 + random.nextInt(27))
                                + "T10:00:00Z\",\"profile_data\":{" + id + ",\"loyalty_tier\":\"" + tiers[random.nextInt(4)] + "\",\"recent_intent\":\"i" + random.nextInt(50) + "\"}}";
                        known.add(f.service.upsert(org, Fixtures.json(body), null).profileId());
                    } else if (kind < 86) {
                        f.service.merge(org, List.of(known.get(random.nextInt(known.size())), known.get(random.nextInt(known.size()))), "random");
                    } else if (kind < 92) {
                        f.service.unmerge(org, known.get(random.nextInt(known.size())), null);
                    } else if (kind < 96) {
                        f.service.transferIdentifier(org, known.get(random.nextInt(known.size())), "email", null, "moved" + op + "@example.com");
                    } else {
                        f.service.erase(org, known.get(random.nextInt(known.size())));
                    }
                } catch (OnefoldException expected) {
                    refused++; // 404 for erased ids, 409 for refused merges: refusals emit nothing
                }
            }
            assertThat(refused).isLessThan(5_000);

            Map<String, ObjectNode> replayed = new TreeMap<>();
            long after = 0;
            while (true) {
                List<ChangeEvent> page = f.service.queries().changesSince(org, after, 1000);
                if (page.isEmpty()) break;
                for (ChangeEvent e : page) {
                    after = e.position();
                    JsonNode p = e.payload();
                    switch (e.type()) {
                        case "profile.deleted" -> p.get("erased_profile_ids").forEach(id -> replayed.remove(id.textValue()));
                        case "rules.activated" -> { }
                        default -> {
                            if (p.has("merged_profile_ids")) p.get("merged_profile_ids").forEach(id -> {
                                if (!id.textValue().equals(e.profileId())) replayed.remove(id.textValue());
                            });
                            ObjectNode golden = replayed.computeIfAbsent(e.profileId(), k -> Json.object());
                            p.path("changes").fields().forEachRemaining(c -> {
                                if (c.getValue().has("erased")) return; // a scrubbed event of a since-erased profile
                                JsonNode v = c.getValue().get("new");
                                if (v == null || v.isNull()) golden.remove(c.getKey());
                                else golden.set(c.getKey(), v);
                            });
                        }
                    }
                }
            }
            Map<String, String> live = new TreeMap<>();
            String cursor = null;
            while (true) {
                List<String> ids = f.store.profiles().activeProfileIds(org, cursor, 1000);
                if (ids.isEmpty()) break;
                for (String id : ids) live.put(id, CanonicalJson.of(f.store.profiles().profile(org, id).orElseThrow().attributes()));
                cursor = ids.get(ids.size() - 1);
            }
            Map<String, String> fromStream = new HashMap<>();
            replayed.forEach((id, golden) -> fromStream.put(id, CanonicalJson.of(golden)));
            List<String> differences = new ArrayList<>();
            for (String id : live.keySet()) {
                if (!fromStream.containsKey(id)) differences.add("missing from the stream: " + id);
                else if (!fromStream.get(id).equals(live.get(id))) differences.add(id + ": stream " + fromStream.get(id) + " != store " + live.get(id));
            }
            for (String id : fromStream.keySet()) if (!live.containsKey(id)) differences.add("only in the stream: " + id + " " + fromStream.get(id));
            String trail = "";
            if (!differences.isEmpty()) {
                String first = differences.get(0).replaceAll("^(only in the stream: |missing from the stream: )?([0-9a-f-]{36}).*$", "$2");
                StringBuilder t = new StringBuilder();
                long at = 0;
                while (true) {
                    List<ChangeEvent> page = f.service.queries().changesSince(org, at, 1000);
                    if (page.isEmpty()) break;
                    for (ChangeEvent e : page) {
                        at = e.position();
                        if (e.profileId().equals(first) || e.payload().toString().contains(first)) t.append("\n  ").append(e.position()).append(' ').append(e.type()).append(' ').append(e.payload());
                    }
                }
                trail = t.toString();
            }
            assertThat(differences).as("first differences: %s; events of the first: %s", differences.stream().limit(3).toList(), trail).isEmpty();
            assertThat(live).hasSizeGreaterThan(50);
        }
    }
}
