package io.onefold.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A small HTTP client for the Customer Profile API, so that tests read like sentences:
 * {@code api.post("/profiles", body)}, {@code api.get("/profiles/" + id)}. Paths starting with {@code /api}, {@code /health},
 * {@code /metrics}, {@code /openapi.json} or {@code /oauth} are taken as they are; any other path is under
 * {@code /api/v2/customer-profile}. Everything goes through a real socket with {@link HttpClient}.
 */
final class Api {
    static final String BASE = "/api/v2/customer-profile";
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private final URI root;
    private final String token;
    private final HttpClient http;

    Api(URI root, String token) {
        this(root, token, HTTP);
    }

    private Api(URI root, String token, HttpClient http) {
        this.root = root;
        this.token = token;
        this.http = http;
    }

    /** The same server without credentials. */
    Api anonymous() {
        return new Api(root, null, http);
    }

    /** The same server with another bearer token (any text: tampered and forged tokens included). */
    Api withToken(String otherToken) {
        return new Api(root, otherToken, http);
    }

    /** The same calls from another local address (e.g. 127.0.0.2: another caller to a server on loopback). */
    Api from(String localAddress) {
        try {
            return new Api(root, token, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                    .localAddress(InetAddress.getByName(localAddress)).build());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(localAddress, e);
        }
    }

    String token() {
        return token;
    }

    URI root() {
        return root;
    }

    // ------------------------------------------------------------------ the common verbs

    Response get(String path) {
        return request("GET", path).send();
    }

    Response delete(String path) {
        return request("DELETE", path).send();
    }

    Response post(String path, Object json) {
        return request("POST", path).json(json).send();
    }

    Response post(String path) {
        return request("POST", path).send();
    }

    Response put(String path, Object json) {
        return request("PUT", path).json(json).send();
    }

    /** {@code POST /profiles}: the upsert. */
    Response upsert(Object body) {
        return post("/profiles", body);
    }

    /** A request to refine (headers, raw bytes, content type) before {@link Request#send()}. */
    Request request(String method, String path) {
        return new Request(method, path);
    }

    // ------------------------------------------------------------------ OAuth

    /** {@code POST /oauth/token} with HTTP Basic client authentication; the raw answer. */
    Response tokenByBasic(String clientId, String secret) {
        String basic = Base64.getEncoder().encodeToString((enc(clientId) + ":" + enc(secret)).getBytes(StandardCharsets.UTF_8));
        return anonymous().request("POST", "/oauth/token").header("Authorization", "Basic " + basic)
                .form("grant_type=client_credentials&scope=customer-profile").send();
    }

    /** {@code POST /oauth/token} with the client's credentials as form fields; the raw answer. */
    Response tokenByForm(String clientId, String secret) {
        return anonymous().request("POST", "/oauth/token")
                .form("grant_type=client_credentials&client_id=" + enc(clientId) + "&client_secret=" + enc(secret)).send();
    }

    /** The same server, logged in as the client (Basic auth); fails the test unless a token is issued. */
    Api as(String clientId, String secret) {
        Response r = tokenByBasic(clientId, secret);
        assertThat(r.status()).as("token for %s: %s", clientId, r.text()).isEqualTo(200);
        return new Api(root, r.json().get("access_token").textValue(), http);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ JSON helpers

    /** Parses JSON text (test fixtures written as text blocks). */
    static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String text(Object body) {
        if (body instanceof String s) return s;
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    final class Request {
        private final String method;
        private final String path;
        private final List<String> headers = new ArrayList<>();
        private byte[] body;
        private boolean chunked;
        private String contentType;

        Request(String method, String path) {
            this.method = method;
            this.path = path;
        }

        Request header(String name, String value) {
            headers.add(name);
            headers.add(value);
            return this;
        }

        Request idempotencyKey(String key) {
            return header("Idempotency-Key", key);
        }

        Request json(Object json) {
            return body(text(json).getBytes(StandardCharsets.UTF_8), "application/json");
        }

        Request form(String form) {
            return body(form.getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded");
        }

        Request ndjson(String lines) {
            return body(lines.getBytes(StandardCharsets.UTF_8), "application/x-ndjson");
        }

        /** Raw bytes with any content type ({@code null}: no Content-Type header at all). */
        Request body(byte[] bytes, String type) {
            this.body = bytes;
            this.contentType = type;
            return this;
        }

        /** Sends the body with chunked transfer encoding: no Content-Length for the server to check up front. */
        Request chunked() {
            this.chunked = true;
            return this;
        }

        Response send() {
            URI uri = root.resolve(absolute(path));
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
            if (token != null) b.header("Authorization", "Bearer " + token);
            if (contentType != null) b.header("Content-Type", contentType);
            for (int i = 0; i < headers.size(); i += 2) b.setHeader(headers.get(i), headers.get(i + 1));
            HttpRequest.BodyPublisher publisher;
            if (body == null) publisher = HttpRequest.BodyPublishers.noBody();
            else if (chunked) publisher = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
            else publisher = HttpRequest.BodyPublishers.ofByteArray(body);
            b.method(method, publisher);
            try {
                HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                return new Response(method + " " + path, r.statusCode(), r.headers(), new String(r.body(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(method + " " + path + " failed: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static String absolute(String path) {
        for (String p : List.of("/api/", "/health", "/metrics", "/openapi.json", "/oauth", "/console")) if (path.startsWith(p)) return path;
        return BASE + path;
    }

    /** An answer: status, headers and body, with the body's JSON at hand. */
    record Response(String request, int status, HttpHeaders headers, String text) {
        JsonNode json() {
            try {
                return JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw new AssertionError(request + " -> " + status + ": the body is not JSON: " + abbreviated(), e);
            }
        }

        /** A field of the JSON body by JSON pointer ({@code "/profile/attributes/loyalty_tier"}). */
        JsonNode at(String pointer) {
            return json().at(pointer);
        }

        /** The {@code profile_id} of the body (an upsert's or a read's). */
        String id() {
            JsonNode id = json().get("profile_id");
            assertThat(id).as("profile_id in %s", this).isNotNull();
            return id.asText();
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        Optional<String> contentType() {
            return headers.firstValue("Content-Type");
        }

        /**
         * Asserts an error in the wire contract's shape: {@code {code, message, details: [{field, reason}], request_id}},
         * with the given status and code, and the request id echoed in {@code X-Request-Id}.
         */
        Response expectError(int expectedStatus, String expectedCode) {
            expect(expectedStatus);
            assertErrorShape();
            assertThat(json().path("code").asText()).as("code of %s", this).isEqualTo(expectedCode);
            return this;
        }

        /** The error shape alone, whatever the status and code. */
        Response assertErrorShape() {
            JsonNode b = json();
            assertThat(b.isObject()).as("error body of %s", this).isTrue();
            assertThat(b.path("code").isTextual() && !b.path("code").asText().isBlank()).as("code in %s", this).isTrue();
            assertThat(b.path("message").isTextual() && !b.path("message").asText().isBlank()).as("message in %s", this).isTrue();
            assertThat(b.path("details").isArray()).as("details array in %s", this).isTrue();
            for (JsonNode d : b.get("details")) {
                assertThat(d.path("field").isTextual()).as("details[].field in %s", this).isTrue();
                assertThat(d.path("reason").isTextual()).as("details[].reason in %s", this).isTrue();
            }
            assertThat(b.path("request_id").isTextual() && !b.path("request_id").asText().isBlank()).as("request_id in %s", this).isTrue();
            assertThat(header("X-Request-Id")).as("X-Request-Id header of %s", this).isEqualTo(b.get("request_id").asText());
            return this;
        }

        /** The {@code field}s of an error's details. */
        List<String> detailFields() {
            List<String> out = new ArrayList<>();
            json().path("details").forEach(d -> out.add(d.path("field").asText()));
            return out;
        }

        /** Everything an error says (message and every detail), to check what it names. */
        String errorText() {
            StringBuilder out = new StringBuilder(json().path("message").asText());
            json().path("details").forEach(d -> out.append(" | ").append(d.path("field").asText()).append(": ").append(d.path("reason").asText()));
            return out.toString();
        }

        String abbreviated() {
            return text.length() > 600 ? text.substring(0, 600) + "…" : text;
        }

        /** Asserts the status, showing the body when it differs. */
        Response expect(int expected) {
            assertThat(status).as("%s answered %s", request, abbreviated()).isEqualTo(expected);
            return this;
        }

        @Override
        public String toString() {
            return request + " -> " + status + " " + abbreviated();
        }
    }
}
