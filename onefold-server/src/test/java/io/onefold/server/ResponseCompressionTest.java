package io.onefold.server;

import static io.onefold.server.TestServer.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Compression of JSON answers for a client that accepts gzip: from {@link Requests#MIN_COMPRESSED_BYTES} on an
 * answer is gzip-encoded (and decodes to the very bytes an answer without compression carries); below it, it is sent
 * as it is, with its Content-Length.
 */
class ResponseCompressionTest extends OmnichannelServerTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void a_small_upsert_answer_is_sent_uncompressed_even_when_gzip_is_accepted() {
        String body = "{\"source\": \"webchat_middleware\", \"profile_data\": {\"email\": \"" + unique("w") + "@example.com\", "
                + "\"last_interaction_timestamp\": \"2026-11-28T10:00:06Z\"}}";

        HttpResponse<byte[]> r = send(request("/profiles").header("Content-Type", "application/json").header("Accept-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofString(body)));

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(r.headers().firstValue("Content-Length")).contains(Integer.toString(r.body().length));
        assertThat(Api.json(new String(r.body(), StandardCharsets.UTF_8)).get("outcome").asText()).isEqualTo("created");
    }

    @Test
    void a_large_answer_is_gzip_encoded_when_asked_and_decodes_to_the_uncompressed_answer() {
        HttpResponse<byte[]> plain = send(request("/profile-templates").GET());
        HttpResponse<byte[]> gzipped = send(request("/profile-templates").header("Accept-Encoding", "gzip").GET());

        assertThat(plain.body().length).isGreaterThanOrEqualTo(Requests.MIN_COMPRESSED_BYTES);
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(gzipped.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(gunzip(gzipped.body())).isEqualTo(plain.body());
    }

    @Test
    void answers_around_the_threshold_are_compressed_exactly_from_the_threshold_on() {
        String email = unique("t") + "@example.com";
        int base = upsertWithIntent(email, "x").length;
        boolean sawSmall = false;
        boolean sawLarge = false;
        for (int d = -4; d <= 4; d++) {
            int length = Math.max(1, 1 + Requests.MIN_COMPRESSED_BYTES - base + d);
            HttpResponse<byte[]> r = send(request("/profiles").header("Content-Type", "application/json").header("Accept-Encoding", "gzip")
                    .POST(HttpRequest.BodyPublishers.ofString(upsert(unique("t") + "@example.com", "y".repeat(length)))));
            boolean encoded = r.headers().firstValue("Content-Encoding").isPresent();
            byte[] answer = encoded ? gunzip(r.body()) : r.body();
            assertThat(encoded).as("a %d-byte answer", answer.length).isEqualTo(answer.length >= Requests.MIN_COMPRESSED_BYTES);
            sawSmall |= !encoded;
            sawLarge |= encoded;
        }
        assertThat(sawSmall && sawLarge).as("both sides of the threshold were tried").isTrue();
    }

    private byte[] upsertWithIntent(String email, String intent) {
        HttpResponse<byte[]> r = send(request("/profiles").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(upsert(email, intent))));
        assertThat(r.statusCode()).isEqualTo(201);
        return r.body();
    }

    private static String upsert(String email, String intent) {
        return "{\"source\": \"webchat_middleware\", \"profile_data\": {\"email\": \"" + email + "\", \"recent_intent\": \"" + intent + "\"}}";
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + Api.BASE + path)).header("Authorization", "Bearer " + api.token());
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] gunzip(byte[] gzipped) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
