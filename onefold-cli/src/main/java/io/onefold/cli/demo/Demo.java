package io.onefold.cli.demo;

import io.onefold.cli.OnefoldCommand;
import io.onefold.cli.generate.CustomerKind;
import io.onefold.cli.generate.DatasetWriter;
import io.onefold.cli.generate.GeneratedRecord;
import io.onefold.cli.generate.GroundTruthCheck;
import io.onefold.cli.generate.MergeQuality;
import io.onefold.cli.generate.SyntheticCustomer;
import io.onefold.cli.generate.SyntheticPopulation;
import io.onefold.core.model.SourceRecordKey;
import io.onefold.server.OnefoldServer;
import io.onefold.server.ServerConfig;
import io.onefold.service.AccessService;
import io.onefold.service.Permission;
import io.onefold.service.ProfileService;
import io.onefold.service.ServiceOptions;
import io.onefold.store.sqlite.SqliteProfileStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code onefold demo}: generate customers, load them into a fresh data directory with the omnichannel template and
 * rules, score the result against the ground truth, serve it, and print a script of things to try — built from the
 * loaded data, so every line names a real profile.
 */
public final class Demo implements AutoCloseable {
    static final String ORG = ProfileService.DEFAULT_ORGANIZATION;
    static final String CLIENT = "demo-admin";
    /** Marks a directory as the demo's own, so a second run may wipe it and nothing else is ever deleted. */
    static final String MARKER = ".onefold-demo";
    private static final Instant AS_OF = Instant.parse("2026-11-01T00:00:00Z");

    private final SqliteProfileStore store;
    private final ProfileService service;
    private final OnefoldServer server;
    private final List<String> script;
    private final MergeQuality quality;

    private Demo(SqliteProfileStore store, ProfileService service, OnefoldServer server, List<String> script, MergeQuality quality) {
        this.store = store;
        this.service = service;
        this.server = server;
        this.script = script;
        this.quality = quality;
    }

    /** Runs the demo up to serving; the caller keeps it open as long as it likes. */
    public static Demo start(Path dir, int customers, long seed, String host, int port, PrintWriter out) throws IOException {
        prepare(dir);
        Path generated = dir.resolve("generated"), data = dir.resolve("data");
        long t0 = System.nanoTime();
        var population = new SyntheticPopulation(seed, AS_OF);
        var counts = DatasetWriter.write(population, customers, seed, AS_OF, generated);
        out.printf("Onefold demo: generated %,d customers, %,d records (CRM, IVR, web chat) in %s (%.1f s)%n",
                customers, counts.records(), generated, seconds(t0));
        out.flush();

        // the files as a user would load them: `onefold ingest`, CRM, then IVR, then chat
        ingest(out, data, generated, "salesforce_crm", "crm.csv", true);
        ingest(out, data, generated, "voice_ivr", "ivr.ndjson", false);
        ingest(out, data, generated, "webchat_middleware", "chat.ndjson", false);

        SqliteProfileStore store = SqliteProfileStore.openExclusive(data, 4);
        ProfileService service = new ProfileService(store, ServiceOptions.defaults());
        try {
            AccessService.IssuedClient admin = service.access().createClient(ORG, CLIENT, null,
                    Set.of(Permission.READ, Permission.WRITE, Permission.ADMIN), Set.of("*"), List.of());
            MergeQuality quality;
            try (BufferedReader truth = Files.newBufferedReader(generated.resolve("truth.ndjson"), StandardCharsets.UTF_8)) {
                quality = GroundTruthCheck.score(truth, GroundTruthCheck.inStore(store, ORG));
            }
            out.println("Onefold demo: against the ground truth: " + quality.summary());

            OnefoldServer server = OnefoldServer.start(ServerConfig.defaults().withHost(host).withPort(port).withDataDirectory(data), service);
            String base = "http://" + (host.equals("0.0.0.0") ? "localhost" : host) + ":" + server.port();
            List<String> script = script(base, admin.secret(), population, customers, store);
            out.println("Onefold demo: serving " + base + OnefoldServer.API + " — admin client '" + CLIENT + "', secret " + admin.secret());
            out.println();
            out.println("Try it: paste these lines into a shell (curl and sed; add '| python3 -m json.tool' to pretty-print).");
            for (String line : script) out.println(line.isEmpty() || line.startsWith("#") ? line : "  " + line);
            out.println();
            out.println("The generated files are in " + generated + " (load them elsewhere with 'onefold ingest'); the data stays in " + data
                    + " ('onefold serve --data " + data + "' serves it again). Ctrl-C stops the demo.");
            out.flush();
            return new Demo(store, service, server, script, quality);
        } catch (IOException | RuntimeException e) {
            service.close();
            store.close();
            throw e;
        }
    }

    public List<String> script() {
        return script;
    }

    public MergeQuality quality() {
        return quality;
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
        service.close();
        store.close();
    }

    /** A fresh directory: created, or emptied when an earlier demo made it; anything else is refused. */
    private static void prepare(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            boolean empty;
            try (Stream<Path> s = Files.list(dir)) {
                empty = s.findAny().isEmpty();
            }
            if (!empty && !Files.exists(dir.resolve(MARKER)))
                throw new IllegalArgumentException(dir + " exists and was not made by 'onefold demo': choose another --dir");
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) if (!p.equals(dir)) Files.delete(p);
            }
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MARKER), "made by onefold demo; deleted and rewritten by the next run\n");
    }

    /** One generated file through {@code onefold ingest --data}: the bulk path, its progress lines and its summary. */
    private static void ingest(PrintWriter out, Path data, Path generated, String source, String file, boolean configure) {
        List<String> args = new ArrayList<>(List.of("ingest", "--data", data.toString(), "--source", source, "--progress", "none"));
        if (configure) args.addAll(List.of("--template", generated.resolve("template.json").toString(), "--rules", generated.resolve("rules.json").toString()));
        args.add(generated.resolve(file).toString());
        PrintWriter prefixed = new PrintWriter(new java.io.Writer() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public void write(char[] cbuf, int off, int len) {
                for (int i = off; i < off + len; i++) {
                    if (cbuf[i] == '\n') {
                        out.println("Onefold demo: " + line);
                        line.setLength(0);
                    } else line.append(cbuf[i]);
                }
            }

            @Override
            public void flush() {
                out.flush();
            }

            @Override
            public void close() {}
        }, true);
        int code = OnefoldCommand.execute(prefixed, prefixed, args.toArray(String[]::new));
        if (code != 0) throw new IllegalStateException("onefold ingest " + file + " failed (exit " + code + ")");
    }

    /** The lines to try, naming real customers of this load. */
    static List<String> script(String base, String secret, SyntheticPopulation population, int customers, SqliteProfileStore store) {
        SyntheticCustomer caller = null, prospect = null, anonymous = null;
        for (int i = 0; i < customers && (caller == null || prospect == null || anonymous == null); i++) {
            SyntheticCustomer c = population.customer(i);
            if (caller == null && c.kind() == CustomerKind.CRM_NEW_PHONE) caller = c;
            if (prospect == null && c.kind() == CustomerKind.CHAT_PROSPECT) prospect = c;
            if (anonymous == null && c.kind() == CustomerKind.ANONYMOUS_CALLER) anonymous = c;
        }
        if (caller == null || prospect == null || anonymous == null)
            throw new IllegalArgumentException("too few customers for the walkthrough: use --customers 100 or more");
        var locate = GroundTruthCheck.inStore(store, ORG);
        GeneratedRecord crm = caller.crm().get(0), call = caller.calls().get(0), chat = caller.chats().get(0);
        String profile = locate.profileOf(crm.source(), crm.sourceRecordId()).orElseThrow();
        String callerNode = store.profiles().recordOwner(ORG, SourceRecordKey.explicit(call.source(), call.sourceRecordId())).orElseThrow();
        String prospectProfile = locate.profileOf(prospect.chats().get(0).source(), prospect.chats().get(0).sourceRecordId()).orElseThrow();
        String anonymousProfile = locate.profileOf(anonymous.calls().get(0).source(), anonymous.calls().get(0).sourceRecordId()).orElseThrow();
        String email = chat.profileData().get("email").textValue().strip();
        String phone = call.profileData().get("phone_number").textValue();
        String auth = "-H \"Authorization: Bearer $TOKEN\"";
        String json = "-H 'Content-Type: application/json'";
        return List.of(
                "export ONEFOLD=" + base + OnefoldServer.API,
                "export TOKEN=$(curl -s -u '" + CLIENT + ":" + secret + "' -d grant_type=client_credentials " + base
                        + "/oauth/token | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')",
                "# 1. Look a customer up by email, written as the chat widget sent it:",
                "curl -s -G " + auth + " \"$ONEFOLD/profiles\" --data-urlencode 'email=" + email + "'",
                "# 2. The same customer by the phone they called the IVR from, in the IVR's format — the call became theirs when they identified in chat:",
                "curl -s -G " + auth + " \"$ONEFOLD/profiles\" --data-urlencode 'phone_number=" + phone + "'",
                "# 3. Why each attribute has its value: the winner, its source and time, and every candidate that lost, with the reason:",
                "curl -s " + auth + " \"$ONEFOLD/profiles/" + profile + "/lineage\"",
                "# 4. The history: created from the CRM, the caller's profile " + callerNode + " merged in by the chat:",
                "curl -s " + auth + " \"$ONEFOLD/profiles/" + profile + "/history\"",
                "# 5. Undo that merge: the caller's profile comes back as it was before the chat:",
                "curl -s -X POST " + auth + " " + json + " \"$ONEFOLD/profiles/" + profile + "/unmerge\" -d '{\"profile_id\":\"" + callerNode + "\"}'",
                "curl -s " + auth + " \"$ONEFOLD/profiles/" + callerNode + "\"",
                "# 6. An agent decides that an anonymous caller is a chat prospect: merge them by hand, then change your mind:",
                "curl -s -X POST " + auth + " " + json + " \"$ONEFOLD/profiles/merge\" -d '{\"profile_ids\":[\"" + prospectProfile + "\",\""
                        + anonymousProfile + "\"],\"reason\":\"agent confirmed on the phone\"}'",
                "curl -s -X POST " + auth + " \"$ONEFOLD/profiles/" + anonymousProfile + "/unmerge\"",
                "# 7. Every change as a stream (Ctrl-C to stop):",
                "curl -s -N " + auth + " -H 'Accept: text/event-stream' \"$ONEFOLD/events?after=0\" | head -20");
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
