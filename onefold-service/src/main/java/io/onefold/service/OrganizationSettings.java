package io.onefold.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.error.ValidationException;
import io.onefold.core.error.Violation;
import io.onefold.core.json.Json;
import io.onefold.core.schema.Instants;
import io.onefold.store.ChangeEvent;
import io.onefold.store.Organization;
import io.onefold.store.StoreReads;
import io.onefold.store.ProfileStore;
import io.onefold.store.WriteSession;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * An organization's settings — {@code event_values} (default true: events carry old and new values; false: only the
 * names of the changed attributes) and {@code event_retention} (an ISO-8601 duration such as P90D; events, which are
 * also the history, older than it are deleted; absent: kept forever) — cached until the next change on any node, and
 * what they govern: how events are appended, and which are purged.
 */
final class OrganizationSettings {
    private final ProfileStore store;
    private final SingleWriter writer;
    private final Supplier<Instant> clock;
    private final Map<String, ObjectNode> cached = new ConcurrentHashMap<>();
    /** Bumped whenever the cache is dropped, so that a load that raced with the drop is not cached. */
    private volatile long generation;

    OrganizationSettings(ProfileStore store, SingleWriter writer, Supplier<Instant> clock) {
        this.store = store;
        this.writer = writer;
        this.clock = clock;
    }

    /** Drops every cached organization's settings (another node may have changed some). */
    void forgetAll() {
        generation++;
        cached.clear();
    }

    /** The organization's settings (a copy). */
    ObjectNode of(String org) {
        return of(org, store).deepCopy();
    }

    ObjectNode update(String org, JsonNode body) {
        if (body == null || !body.isObject()) throw ValidationException.of("", "settings must be a JSON object");
        ObjectNode next = of(org);
        List<Violation> violations = new ArrayList<>();
        body.fields().forEachRemaining(e -> {
            switch (e.getKey()) {
                case "event_values" -> {
                    if (!e.getValue().isBoolean()) violations.add(new Violation("event_values", "must be true or false"));
                    else next.set("event_values", e.getValue());
                }
                case "event_retention" -> {
                    if (e.getValue().isNull()) next.remove("event_retention");
                    else if (!e.getValue().isTextual() || retention(e.getValue().textValue()) == null) {
                        violations.add(new Violation("event_retention", "must be an ISO-8601 duration such as P90D or PT12H, or null"));
                    } else next.set("event_retention", e.getValue());
                }
                default -> violations.add(new Violation(e.getKey(), "unknown setting; valid settings are event_values, event_retention"));
            }
        });
        if (!violations.isEmpty()) throw new ValidationException(violations);
        writer.execute(ctx -> {
            ctx.session().configuration().putOrganizationSettings(org, next);
            ctx.afterCommit(() -> cached.remove(org));
            return null;
        });
        cached.remove(org);
        return next.deepCopy();
    }

    private ObjectNode of(String org, StoreReads reads) {
        ObjectNode hit = cached.get(org);
        if (hit != null) return hit;
        long loadedAt = generation;
        ObjectNode loaded = reads.configuration().organizationSettings(org);
        cached.put(org, loaded);
        if (generation != loadedAt) cached.remove(org, loaded);
        return loaded;
    }

    /** Appends a change, with only attribute names when the organization turned event values off. */
    long append(WriteSession s, ChangeEvent e) {
        ObjectNode settings = of(e.organization(), s);
        if (!settings.path("event_values").asBoolean(true) && e.payload().has("changes")) {
            ObjectNode names = Json.object();
            e.payload().get("changes").fieldNames().forEachRemaining(n -> names.putObject(n).put("changed", true));
            e.payload().set("changes", names);
        }
        return s.profiles().appendChange(e);
    }

    /** Deletes events older than each organization's retention; returns how many. */
    int purgeExpiredEvents() {
        // one node purges at a time; the others find the job claimed and skip it
        try (ProfileStore.Claim claim = store.claim("event-retention").orElse(null)) {
            return claim == null ? 0 : purgeClaimed();
        }
    }

    private int purgeClaimed() {
        int purged = 0;
        for (Organization o : store.configuration().organizations()) {
            String text = store.configuration().organizationSettings(o.id()).path("event_retention").asText(null);
            Duration d = text == null ? null : retention(text);
            if (d == null) continue;
            Instant horizon = Instants.minusSaturating(clock.get(), d); // a retention longer than the epoch keeps everything
            purged += writer.execute(ctx -> ctx.session().profiles().purgeChanges(o.id(), horizon));
        }
        return purged;
    }

    private static Duration retention(String text) {
        try {
            Duration d = Duration.parse(text);
            return d.isNegative() || d.isZero() ? null : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
