package io.onefold.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code onefold serve}: settings refused before anything starts. */
class ServeCommandTest {

    @Test
    void aWebhookAllowListThatIsNotCidrBlocksExitsWith2NamingIt(@TempDir Path dir) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = OnefoldCommand.execute(new PrintWriter(out), new PrintWriter(err),
                "serve", "--port", "0", "--data", dir.toString(), "--webhooks-allow-private=false", "--webhooks-allow-cidrs", "10.20.0.0/16, 10.30.0.0");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("'10.30.0.0' is not a CIDR block");
    }
}
