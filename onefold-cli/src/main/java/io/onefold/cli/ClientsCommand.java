package io.onefold.cli;

import io.onefold.core.error.OnefoldException;
import io.onefold.service.AccessService;
import io.onefold.service.Permission;
import io.onefold.service.ProfileService;
import io.onefold.service.ServiceOptions;
import io.onefold.store.ApiClient;
import io.onefold.store.sqlite.SqliteProfileStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code onefold clients}: OAuth client and organization administration on the embedded store (offline) or a PostgreSQL store (live). */
@Command(name = "clients", mixinStandardHelpOptions = true, description = "Administer OAuth clients and organizations of an embedded store (--data) or a PostgreSQL store (--db).",
        subcommands = {ClientsCommand.Create.class, ClientsCommand.ListClients.class, ClientsCommand.Rotate.class, ClientsCommand.Delete.class, ClientsCommand.CreateOrganization.class})
public final class ClientsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    abstract static class StoreCommand implements Callable<Integer> {
        @Option(names = "--data", defaultValue = "data", paramLabel = "DIR", description = "Data directory (default ./data).")
        Path data;

        @Option(names = "--db", paramLabel = "JDBC_URL", description = "A PostgreSQL store instead (jdbc:postgresql://...; or ONEFOLD_DB_URL); user and password from --db-user / ONEFOLD_DB_USER and ONEFOLD_DB_PASSWORD.")
        String db;

        @Option(names = "--db-user", paramLabel = "USER", description = "PostgreSQL user (or ONEFOLD_DB_USER).")
        String dbUser;

        @Option(names = "--org", defaultValue = ProfileService.DEFAULT_ORGANIZATION, paramLabel = "ORG", description = "Organization (default: default).")
        String org;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        abstract int run(ProfileService service, PrintWriter out);

        @Override
        public Integer call() {
            String url = db != null ? db : System.getenv("ONEFOLD_DB_URL");
            try (io.onefold.store.ProfileStore store = url == null ? SqliteProfileStore.open(data, 1)
                    : PostgresFlags.open(url, dbUser, 1);
                 ProfileService service = new ProfileService(store, ServiceOptions.defaults())) {
                return run(service, spec.commandLine().getOut());
            } catch (OnefoldException e) {
                spec.commandLine().getErr().println("onefold clients: " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a client; prints its secret once.")
    static final class Create extends StoreCommand {
        @Option(names = "--id", required = true, description = "Client name: the id in the default organization, NAME@ORG in any other (printed).")
        String id;

        @Option(names = "--secret", description = "Secret (default: generated).")
        String secret;

        @Option(names = "--permissions", split = ",", defaultValue = "Read", description = "Read, Write, Admin (comma-separated; default Read).")
        List<String> permissions;

        @Option(names = "--sources", split = ",", description = "Sources the client may write as (default: any).")
        List<String> sources = new ArrayList<>();

        @Option(names = "--cidrs", split = ",", description = "Networks allowed to call (default: any).")
        List<String> cidrs = new ArrayList<>();

        @Override
        int run(ProfileService service, PrintWriter out) {
            Set<Permission> perms = new LinkedHashSet<>();
            for (String p : permissions) perms.add(Permission.valueOf(p.trim().toUpperCase().replace("CUSTOMERPROFILE:", "")));
            AccessService.IssuedClient c = service.access().createClient(org, id, secret, perms, new LinkedHashSet<>(sources), cidrs);
            out.println("client_id=" + c.client().clientId());
            out.println("client_secret=" + c.secret());
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the organization's clients.")
    static final class ListClients extends StoreCommand {
        @Override
        int run(ProfileService service, PrintWriter out) {
            for (ApiClient c : service.access().clients(org)) {
                out.println(c.clientId() + "\tpermissions=" + String.join(",", c.permissions().stream().sorted().toList())
                        + "\tsources=" + String.join(",", c.sources().stream().sorted().toList()) + "\tcidrs=" + String.join(",", c.cidrs()));
            }
            return 0;
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true, description = "Issue a new secret; the old one stops working.")
    static final class Rotate extends StoreCommand {
        @Option(names = "--id", required = true)
        String id;

        @Override
        int run(ProfileService service, PrintWriter out) {
            out.println("client_secret=" + service.access().rotateSecret(org, id).secret());
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a client; its tokens stop working.")
    static final class Delete extends StoreCommand {
        @Option(names = "--id", required = true)
        String id;

        @Override
        int run(ProfileService service, PrintWriter out) {
            service.access().deleteClient(org, id);
            out.println("deleted " + id);
            return 0;
        }
    }

    @Command(name = "create-organization", mixinStandardHelpOptions = true, description = "Create an organization (a tenant).")
    static final class CreateOrganization extends StoreCommand {
        @Option(names = "--name")
        String name;

        @Override
        int run(ProfileService service, PrintWriter out) {
            service.createOrganization(org, name == null ? org : name);
            out.println("created organization " + org);
            return 0;
        }
    }
}
