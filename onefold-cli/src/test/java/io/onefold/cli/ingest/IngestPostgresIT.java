package io.onefold.cli.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.onefold.cli.OnefoldCommand;
import io.onefold.store.postgres.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code onefold ingest --db}: generated files straight into PostgreSQL, scored against their ground truth. */
class IngestPostgresIT {
    @Test
    void generatedFilesIngestedIntoPostgresAreExactlyOneProfilePerCustomer(@TempDir Path tmp) {
        Path gen = tmp.resolve("gen");
        assertThat(run("generate", "--customers", "400", "--seed", "5", "--out", gen.toString())).isZero();
        try (TestDatabase db = TestDatabase.create()) {
            assertThat(run("ingest", "--db", db.url(), "--db-user", db.user(), "--progress", "none", "--template", gen.resolve("template.json").toString(),
                    "--rules", gen.resolve("rules.json").toString(), "--source", "salesforce_crm", gen.resolve("crm.csv").toString())).isZero();
            assertThat(run("ingest", "--db", db.url(), "--db-user", db.user(), "--progress", "none", "--source", "voice_ivr", gen.resolve("ivr.ndjson").toString())).isZero();
            assertThat(run("ingest", "--db", db.url(), "--db-user", db.user(), "--progress", "none", "--source", "webchat_middleware", gen.resolve("chat.ndjson").toString())).isZero();

            StringWriter out = new StringWriter(), err = new StringWriter();
            int code = OnefoldCommand.execute(new PrintWriter(out), new PrintWriter(err), "evaluate", "--truth", gen.resolve("truth.ndjson").toString(),
                    "--db", db.url(), "--db-user", db.user(), "--require-exact");
            assertThat(code).as(out + "\n" + err).isZero();
            assertThat(out.toString()).contains("customers 400 · profiles 400").contains("precision 1.000000 · recall 1.000000");

            // the same file again: the finished run is recognised and nothing is applied twice
            StringWriter again = new StringWriter();
            assertThat(OnefoldCommand.execute(new PrintWriter(again), new PrintWriter(again), "ingest", "--db", db.url(), "--db-user", db.user(),
                    "--progress", "none", "--source", "webchat_middleware", gen.resolve("chat.ndjson").toString())).isZero();
            assertThat(again.toString()).contains("already ingested");
        }
    }

    private static int run(String... args) {
        StringWriter out = new StringWriter();
        int code = OnefoldCommand.execute(new PrintWriter(out), new PrintWriter(out), args);
        if (code != 0) System.err.println(out);
        return code;
    }
}
