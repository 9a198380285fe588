package io.onefold.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.core.error.OnefoldException;
import io.onefold.core.json.CanonicalJson;
import io.onefold.core.model.NormalizedObservation;
import io.onefold.core.model.Observation;
import io.onefold.core.model.ObservationParser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Sends upserts the two ways the write pipeline offers: one by one through {@link ProfileService#upsert}, or as one
 * {@link UpsertBatch} in one writer transaction, each request prepared as {@code upsert} prepares it (parsed and
 * validated on the caller's thread, its body hashed when it has an Idempotency-Key). Each answer is the
 * {@link UpsertResponse} or the {@link OnefoldException} that refused the request.
 */
final class UpsertSender {
    /** A request: its body and its Idempotency-Key (null: none). */
    record Sent(JsonNode body, String key) {}

    private UpsertSender() {}

    static Object oneByOne(ProfileService service, String org, Sent s) {
        try {
            return service.upsert(org, s.body(), s.key());
        } catch (OnefoldException e) {
            return e;
        }
    }

    /** The requests as one batch; what preparing refused is answered without the batch, as {@code upsert} answers it. */
    static List<Object> batch(ProfileService service, String org, List<Sent> sent) {
        Object[] outcomes = new Object[sent.size()];
        List<UpsertBatch.Request> requests = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            Sent s = sent.get(i);
            try {
                Instant now = service.clock().get();
                Observation observation = ObservationParser.parse(s.body(), now, service.observedAtRange());
                ActiveConfiguration cfg = service.configuration(org, service.store());
                NormalizedObservation checked = cfg.validator().validate(observation);
                String hash = s.key() == null ? null : sha256(CanonicalJson.of(s.body()));
                requests.add(new UpsertBatch.Request(observation, checked, cfg, s.key(), hash, now, true));
                positions.add(i);
            } catch (OnefoldException e) {
                outcomes[i] = e;
            }
        }
        if (!requests.isEmpty()) {
            List<Object> ran = service.writer().execute(ctx -> new UpsertBatch(service, org).run(ctx, requests));
            for (int k = 0; k < ran.size(); k++) {
                if (ran.get(k) instanceof RuntimeException e && !(e instanceof OnefoldException)) throw e;
                outcomes[positions.get(k)] = ran.get(k);
            }
        }
        return Arrays.asList(outcomes);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
