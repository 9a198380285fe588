package io.onefold.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.identity.Erasure;
import io.onefold.core.json.CanonicalJson;
import io.onefold.store.ChangeEvent;
import io.onefold.store.IdempotencyRecord;
import io.onefold.store.StoreCodec;
import java.util.List;

/**
 * What an erasure does to stored documents. The erased profiles' events are scrubbed (they keep their ids and types,
 * lose every value) and their idempotency records become tombstones. Another profile's events and idempotent answers
 * keep their shape and lose only the values the erasure removed and that profile does not hold itself
 * ({@link Erasure#redact}): values are looked up by attribute, never matched as text.
 */
final class ErasureRedaction {
    private final Erasure erasure;

    ErasureRedaction(Erasure erasure) {
        this.erasure = erasure;
    }

    /** An erased profile's event: what happened to which ids, without a value. */
    static ObjectNode scrubbed(ChangeEvent e) {
        return (ObjectNode) StoreCodec.scrub(e.payload());
    }

    /** Another profile's event: each old and new value under {@code changes}, redacted for the profile it is about. */
    ObjectNode event(ChangeEvent e) {
        if (!(e.payload().get("changes") instanceof ObjectNode)) return e.payload();
        ObjectNode out = e.payload().deepCopy();
        ObjectNode changes = (ObjectNode) out.get("changes");
        changes.fieldNames().forEachRemaining(attribute -> {
            if (changes.get(attribute) instanceof ObjectNode change) {
                for (String side : List.of("old", "new")) {
                    if (change.has(side)) change.set(side, erasure.redact(e.profileId(), attribute, change.get(side)));
                }
            }
        });
        return out;
    }

    /** Another profile's idempotent answer: the profile document it holds (identifiers, aliases, attributes), redacted. */
    IdempotencyRecord answer(IdempotencyRecord r) {
        JsonNode response = StoreCodec.parse(r.response());
        if (!(response.get("profile") instanceof ObjectNode profile)) return r;
        for (String part : List.of("identifiers", "aliases", "attributes")) {
            if (profile.get(part) instanceof ObjectNode values) {
                values.fieldNames().forEachRemaining(attribute -> values.set(attribute, erasure.redact(r.profileId(), attribute, values.get(attribute))));
            }
        }
        String next = CanonicalJson.of(response);
        return next.equals(r.response()) ? r
                : new IdempotencyRecord(r.organization(), r.key(), r.requestHash(), r.status(), next, r.profileId(), r.createdAt());
    }
}
