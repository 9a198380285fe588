package io.onefold.cli.ingest;

import static io.onefold.cli.ingest.IngestCommandTest.RULES;
import static io.onefold.cli.ingest.IngestCommandTest.TEMPLATE;
import static io.onefold.cli.ingest.IngestCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.core.error.ErrorCode;
import io.onefold.core.json.Json;
import io.onefold.server.ErrorStatus;
import io.onefold.server.OnefoldServer;
import io.onefold.server.ServerConfig;
import io.onefold.service.BulkLoader;
import io.onefold.service.ProfileService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rejects file says what the API answers for a refused line: straight into a data directory, the service's
 * refusal goes through the server's table ({@link ErrorStatus}); through a server, its {@code /profiles/bulk} answer is
 * taken as it is — and the two agree, line by line.
 */
class IngestRejectsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void a_refusal_of_the_service_is_answered_by_the_servers_table(ErrorCode code) {
        LineAnswer answer = LineAnswer.of(BulkLoader.LineResult.refused(7, new BulkLoader.Refusal(code, "refused", List.of())));
        assertThat(answer.ok()).isFalse();
        assertThat(answer.rejected().status()).isEqualTo(ErrorStatus.of(code).status());
        assertThat(answer.rejected().code()).isEqualTo(ErrorStatus.of(code).code());
    }

    @Test
    void a_file_ingested_into_a_data_directory_and_through_a_server_gets_the_same_status_and_code_per_refused_line() throws IOException {
        Path input = dir.resolve("mixed.ndjson");
        Files.write(input, List.of(
                "{\"source\":\"salesforce_crm\",\"profile_data\":{\"email\":\"ann@example.com\"}}",
                "{\"source\":\"salesforce_crm\",\"profile_data\":{\"email\":\"bob@example.com\",\"phone_number\":\"+14155550170\"}}",
                "{\"source\":\"webchat_middleware\",\"profile_data\":{\"email\":\"ann@example.com\",\"phone_number\":\"+14155550170\"}}",
                "{\"source\":\"salesforce\",\"profile_data\":{\"email\":\"cat@example.com\"}}",
                "{\"source\":\"salesforce_crm\",",
                "{\"source\":\"salesforce_crm\",\"profile_id\":\"01900000-0000-7000-8000-00000000beef\",\"profile_data\":{\"loyalty_tier\":\"Gold\"}}",
                "{\"source\":\"salesforce_crm\",\"profile_data\":{\"email\":\"not-an-email\"}}"));
        List<String> expected = List.of(
                "3 " + line(ErrorCode.IDENTIFIER_CONFLICT),
                "4 " + line(ErrorCode.VALIDATION_FAILED),
                "5 " + line(ErrorCode.MALFORMED_JSON),
                "6 " + line(ErrorCode.NOT_FOUND),
                "7 " + line(ErrorCode.VALIDATION_FAILED));

        Path direct = Files.createDirectories(dir.resolve("direct"));
        Files.copy(input, direct.resolve("mixed.ndjson"));
        IngestCommandTest.Run straight = run("ingest", "--data", dir.resolve("data").toString(), "--template", TEMPLATE, "--rules", RULES,
                "--progress", "none", direct.resolve("mixed.ndjson").toString());
        assertThat(straight.code()).as(straight.err()).isZero();
        assertThat(rejects(direct.resolve("mixed.ndjson.rejects.ndjson"))).isEqualTo(expected);

        Path served = Files.createDirectories(dir.resolve("served"));
        Files.copy(input, served.resolve("mixed.ndjson"));
        try (OnefoldServer server = OnefoldServer.start(ServerConfig.defaults().withPort(0).withDataDirectory(dir.resolve("server"))
                .withBootstrap("ingest-admin", "ingest-secret-0123456789"), System.out)) {
            ProfileService service = server.service();
            service.configurations().createTemplate(ProfileService.DEFAULT_ORGANIZATION, Json.MAPPER.readTree(Path.of(TEMPLATE).toFile()));
            service.configurations().createRules(ProfileService.DEFAULT_ORGANIZATION, Json.MAPPER.readTree(Path.of(RULES).toFile()));
            // one line per request: a bulk request applies its lines concurrently, and line 3 needs lines 1 and 2 first
            IngestCommandTest.Run through = run("ingest", "--server", "http://127.0.0.1:" + server.port(), "--client-id", "ingest-admin",
                    "--client-secret", "ingest-secret-0123456789", "--batch", "1", "--progress", "none", served.resolve("mixed.ndjson").toString());
            assertThat(through.code()).as(through.err()).isZero();
        }
        assertThat(rejects(served.resolve("mixed.ndjson.rejects.ndjson"))).isEqualTo(expected);
    }

    private static String line(ErrorCode code) {
        ErrorStatus s = ErrorStatus.of(code);
        return s.status() + " " + s.code();
    }

    /** Each rejects line as {@code line status code}. */
    private static List<String> rejects(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        for (String text : Files.readAllLines(file)) {
            JsonNode r = Json.MAPPER.readTree(text);
            out.add(r.get("line").asLong() + " " + r.get("status").asInt() + " " + r.get("code").asText());
        }
        return out;
    }
}
