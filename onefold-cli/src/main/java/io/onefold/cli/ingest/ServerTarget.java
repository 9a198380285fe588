package io.onefold.cli.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.error.Violation;
import io.onefold.core.json.Json;
import io.onefold.core.schema.IdentifierNormalizer;
import io.onefold.core.schema.ProfileTemplate;
import io.onefold.core.schema.TemplateParser;
import io.onefold.service.BulkLoader;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * To a running server: each batch is one {@code POST /profiles/bulk} whose {@code Idempotency-Key} is the job id and
 * the batch's first line, so a batch sent again after a crash or a network error is answered from the server's
 * idempotency records instead of being applied again. The checkpoint is a file beside the rejects file, replaced
 * atomically after each batch's answers were recorded. Credentials: OAuth 2.0 client credentials.
 */
final class ServerTarget implements IngestTarget {
    private static final String API = "/api/v2/customer-profile";
    private static final int ATTEMPTS = 8;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final String clientId;
    private final String clientSecret;
    private final String defaultRegion;
    private String token;
    private Instant tokenExpires = Instant.EPOCH;

    ServerTarget(URI base, String clientId, String clientSecret, String defaultRegion) {
        this.base = base;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.defaultRegion = defaultRegion;
    }

    private String token() throws IOException {
        if (token != null && Instant.now().isBefore(tokenExpires.minusSeconds(60))) return token;
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        HttpRequest req = HttpRequest.newBuilder(base.resolve("/oauth/token")).header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build();
        HttpResponse<String> r = send(req);
        if (r.statusCode() != 200) throw new IOException("the server refused the client credentials (" + r.statusCode() + "): " + message(r.body()));
        JsonNode body = Json.MAPPER.readTree(r.body());
        token = body.path("access_token").asText();
        tokenExpires = Instant.now().plusSeconds(body.path("expires_in").asLong(300));
        return token;
    }

    @Override
    public ProfileTemplate template() throws IOException {
        HttpRequest req = HttpRequest.newBuilder(base.resolve(API + "/profile-templates")).header("Authorization", "Bearer " + token()).GET().build();
        HttpResponse<String> r = send(req);
        if (r.statusCode() != 200) throw new IOException("GET /profile-templates answered " + r.statusCode() + ": " + message(r.body()));
        for (JsonNode t : Json.MAPPER.readTree(r.body()).path("entities")) {
            if (!t.path("active").asBoolean()) continue;
            ObjectNode body = t.deepCopy();
            body.remove(List.of("version", "active", "created_at", "warnings"));
            return new TemplateParser(new IdentifierNormalizer(defaultRegion)).parse(body);
        }
        throw new IOException("the organization has no active profile template: POST /profile-templates first");
    }

    @Override
    public Optional<Checkpoint> checkpoint(String jobId, Path rejects) throws IOException {
        Path checkpointFile = checkpointFile(rejects);
        if (!Files.exists(checkpointFile)) return Optional.empty();
        JsonNode o = Json.MAPPER.readTree(checkpointFile.toFile());
        if (!jobId.equals(o.path("job_id").asText())) return Optional.empty();
        return Optional.of(Checkpoint.fromJson(jobId, o));
    }

    @Override
    public List<LineAnswer> apply(Batch batch, Function<List<LineAnswer>, Checkpoint> next) throws IOException {
        LineAnswer[] results = new LineAnswer[batch.lines().size()];
        StringBuilder body = new StringBuilder();
        List<Integer> sent = new ArrayList<>();
        for (int i = 0; i < results.length; i++) {
            BulkLoader.Line l = batch.lines().get(i);
            if (l.refused() != null) {
                results[i] = LineAnswer.refused(l.number(), l.refused());
                continue;
            }
            body.append(l.body().toString()).append('\n');
            sent.add(i);
        }
        if (!sent.isEmpty()) {
            String key = batch.jobId() + ":" + batch.firstLine();
            String answer = post(body.toString(), key);
            String[] lines = answer.split("\n");
            for (String text : lines) {
                if (text.isBlank()) continue;
                JsonNode r = Json.MAPPER.readTree(text);
                int index = sent.get(r.path("line").asInt() - 1);
                long number = batch.lines().get(index).number();
                results[index] = result(number, r);
            }
            for (int i : sent) if (results[i] == null) throw new IOException("the server's answer lacks line " + batch.lines().get(i).number());
        }
        return List.of(results);
    }

    /** The server's answer for a line, as it is (its status may also be one of the HTTP layer's: 403, 413...). */
    private static LineAnswer result(long number, JsonNode r) {
        int status = r.path("status").asInt();
        if (status < 300) return LineAnswer.applied(number, r.path("outcome").asText());
        JsonNode e = r.path("error");
        List<Violation> details = new ArrayList<>();
        e.path("details").forEach(d -> details.add(new Violation(d.path("field").asText(), d.path("reason").asText())));
        return LineAnswer.rejected(number, status, e.path("code").asText(), e.path("message").asText(), details);
    }

    /** Sends a batch; retries transient failures (network, 429, 5xx) with backoff — harmless under the same Idempotency-Key. */
    private String post(String ndjson, String idempotencyKey) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (attempt > 0) pause(Math.min(30_000, 250L << attempt));
            HttpRequest req = HttpRequest.newBuilder(base.resolve(API + "/profiles/bulk")).timeout(Duration.ofMinutes(5))
                    .header("Authorization", "Bearer " + token()).header("Content-Type", "application/x-ndjson")
                    .header("Idempotency-Key", idempotencyKey).POST(HttpRequest.BodyPublishers.ofString(ndjson, StandardCharsets.UTF_8)).build();
            HttpResponse<String> r;
            try {
                r = send(req);
            } catch (IOException e) {
                last = e;
                continue;
            }
            if (r.statusCode() == 200) return r.body();
            if (r.statusCode() == 401) {
                token = null;
                last = new IOException("401: " + message(r.body()));
                continue;
            }
            if (r.statusCode() == 429 || r.statusCode() >= 500) {
                last = new IOException(r.statusCode() + ": " + message(r.body()));
                continue;
            }
            throw new IOException("POST /profiles/bulk answered " + r.statusCode() + ": " + message(r.body()));
        }
        throw new IOException("POST /profiles/bulk failed " + ATTEMPTS + " times; the last: " + last.getMessage(), last);
    }

    private HttpResponse<String> send(HttpRequest req) throws IOException {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void pause(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String message(String body) {
        try {
            JsonNode j = Json.MAPPER.readTree(body);
            return j.path("message").asText(body);
        } catch (IOException e) {
            return body.length() > 200 ? body.substring(0, 200) : body;
        }
    }

    /** Beside the rejects file: FILE.rejects.ndjson.checkpoint. */
    static Path checkpointFile(Path rejects) {
        return rejects.resolveSibling(rejects.getFileName() + ".checkpoint");
    }

    @Override
    public void committed(Checkpoint checkpoint, Path rejects) throws IOException {
        Path checkpointFile = checkpointFile(rejects);
        ObjectNode o = checkpoint.toJson();
        o.put("job_id", checkpoint.jobId());
        Path tmp = checkpointFile.resolveSibling(checkpointFile.getFileName() + ".tmp");
        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(o.toString().getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        Files.move(tmp, checkpointFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void close() {
        http.close();
    }
}
