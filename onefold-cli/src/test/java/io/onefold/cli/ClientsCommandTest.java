package io.onefold.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code onefold clients}: create, list, rotate, delete on an embedded store. */
class ClientsCommandTest {
    @TempDir
    Path dir;

    private String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = OnefoldCommand.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void clientsAreCreatedListedRotatedAndDeleted() {
        String data = dir.toString();
        assertThat(run("clients", "create-organization", "--data", data, "--org", "default")[0]).isEqualTo("0");
        String[] created = run("clients", "create", "--data", data, "--id", "chat-mw", "--permissions", "Read,Write", "--sources", "webchat_middleware");
        assertThat(created[0]).isEqualTo("0");
        assertThat(created[1]).contains("client_id=chat-mw").contains("client_secret=");
        String[] list = run("clients", "list", "--data", data);
        assertThat(list[1]).contains("chat-mw").contains("CustomerProfile:Write").contains("sources=webchat_middleware");
        String[] rotated = run("clients", "rotate", "--data", data, "--id", "chat-mw");
        assertThat(rotated[1]).contains("client_secret=").doesNotContain(created[1].lines().filter(l -> l.startsWith("client_secret=")).findFirst().orElseThrow());
        assertThat(run("clients", "delete", "--data", data, "--id", "chat-mw")[0]).isEqualTo("0");
        assertThat(run("clients", "list", "--data", data)[1]).doesNotContain("chat-mw");
        String[] missing = run("clients", "delete", "--data", data, "--id", "chat-mw");
        assertThat(missing[0]).isEqualTo("2");
        assertThat(missing[2]).contains("no client");
    }

    @Test
    void aClientOfAnotherOrganizationGetsTheIdNameAtOrganization() {
        String data = dir.toString();
        assertThat(run("clients", "create-organization", "--data", data, "--org", "acme")[0]).isEqualTo("0");
        String[] created = run("clients", "create", "--data", data, "--org", "acme", "--id", "chat-mw");
        assertThat(created[0]).isEqualTo("0");
        assertThat(created[1]).contains("client_id=chat-mw@acme");
        assertThat(run("clients", "list", "--data", data, "--org", "acme")[1]).contains("chat-mw@acme");
        assertThat(run("clients", "rotate", "--data", data, "--org", "acme", "--id", "chat-mw@acme")[1]).contains("client_secret=");
        assertThat(run("clients", "delete", "--data", data, "--org", "acme", "--id", "chat-mw@acme")[0]).isEqualTo("0");
    }
}
