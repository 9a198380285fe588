package io.onefold.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.onefold.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Requests#respond} on a bare Javalin app: a small answer is written past Javalin's result, yet it behaves like
 * one — an error answered after it replaces it rather than follow it.
 */
class RespondTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static Javalin app;

    @BeforeAll
    static void start() {
        app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.jetty.host = "127.0.0.1";
            c.jetty.port = 0;
            c.routes.exception(Exception.class, ApiErrors::handle);
            c.routes.get("/small", ctx -> Requests.respond(ctx, 200, Json.object().put("answer", "small")));
            c.routes.get("/small-then-error", ctx -> {
                Requests.respond(ctx, 200, Json.object().put("answer", "small"));
                throw ApiException.forbidden("refused after all", "test");
            });
        }).start();
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    @Test
    void a_small_answer_is_sent_with_its_status_type_and_length() {
        HttpResponse<String> r = get("/small");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"answer\":\"small\"}");
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(r.headers().firstValue("Content-Length")).contains(Integer.toString(r.body().length()));
    }

    @Test
    void an_error_after_a_small_answer_replaces_it() {
        HttpResponse<String> r = get("/small-then-error");

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).startsWith("{\"code\":\"FORBIDDEN\"").doesNotContain("small");
        assertThat(Api.json(r.body()).get("message").asText()).isEqualTo("refused after all");
    }

    private static HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
