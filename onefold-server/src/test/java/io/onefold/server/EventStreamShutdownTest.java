package io.onefold.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A server stopping with event streams open ends each stream cleanly (the consumer sees its end), with nothing in the log. */
class EventStreamShutdownTest {
    @TempDir
    Path dir;

    @Test
    void stoppingWithAnOpenStreamEndsItCleanlyAndLogsNothing() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        root.addAppender(log);
        try {
            TestServer server = TestServer.start(dir).configureOmnichannel();
            Api api = server.admin();
            api.upsert("{\"source\": \"salesforce_crm\", \"profile_data\": {\"email\": \"stream-end@example.com\"}}").expect(201);
            HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(api.root().resolve(Api.BASE + "/events?after=0"))
                    .header("Authorization", "Bearer " + api.token()).header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.statusCode()).isEqualTo(200);
            BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.startsWith("data: ")) {
                // up to the first event: the stream is open and serving
            }
            AtomicBoolean ended = new AtomicBoolean();
            Thread consumer = Thread.ofVirtual().start(() -> {
                try {
                    while (in.readLine() != null) {
                        // nothing more is written
                    }
                    ended.set(true);
                } catch (IOException e) {
                    // cut instead of ended: ended stays false
                }
            });

            server.close();
            consumer.join(Duration.ofSeconds(60));
            assertThat(ended).as("the consumer saw the stream end").isTrue();
        } finally {
            root.detachAppender(log);
        }
        assertThat(log.list).as("warnings and errors logged while stopping")
                .filteredOn(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN))
                .filteredOn(e -> !e.getLoggerName().startsWith("org.sqlite"))
                .extracting(e -> e.getLoggerName() + ": " + e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getClassName()))
                .isEmpty();
    }
}
