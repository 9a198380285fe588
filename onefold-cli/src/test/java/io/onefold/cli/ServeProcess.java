package io.onefold.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.onefold.core.json.Json;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code onefold serve} as a child process, the way an operator runs it: its stdout and stderr are read line by line
 * (so it never blocks on a full pipe, and a test can wait for an announcement instead of sleeping), it is stopped by a
 * signal. The bootstrap admin is {@value #ADMIN_ID}.
 */
final class ServeProcess implements AutoCloseable {
    static final String ADMIN_ID = "serve-admin";
    static final String ADMIN_SECRET = "serve-admin-secret-0123456789";
    static final String API = "/api/v2/customer-profile";
    private static final Path EXAMPLES = Path.of("..", "examples", "retail");
    private static final Pattern SERVING = Pattern.compile("serving http://[^:]+:(\\d+)");

    private final Process process;
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();
    private final int port;
    private int drained;

    private ServeProcess(Process process) throws InterruptedException {
        this.process = process;
        Thread.ofVirtual().start(() -> drain(process.getInputStream(), out));
        Thread.ofVirtual().start(() -> drain(process.getErrorStream(), err));
        Matcher m = SERVING.matcher(awaitLine(SERVING, Duration.ofSeconds(120)));
        if (!m.find()) throw new IllegalStateException("no port in the serving line");
        this.port = Integer.parseInt(m.group(1));
    }

    /** Starts {@code onefold serve --port 0 --host 127.0.0.1 ARGS...} and returns once it serves. */
    static ServeProcess start(String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                OnefoldCommand.class.getName(), "serve", "--port", "0", "--host", "127.0.0.1"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("ONEFOLD_BOOTSTRAP_CLIENT_ID", ADMIN_ID);
        pb.environment().put("ONEFOLD_BOOTSTRAP_CLIENT_SECRET", ADMIN_SECRET);
        pb.directory(new File(System.getProperty("user.dir")));
        Process p = pb.start();
        try {
            return new ServeProcess(p);
        } catch (RuntimeException | InterruptedException e) {
            p.destroyForcibly();
            throw e;
        }
    }

    private void drain(InputStream stream, List<String> lines) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (this) {
                    lines.add(line);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the process is gone
        } finally {
            synchronized (this) {
                drained++;
                notifyAll();
            }
        }
    }

    int port() {
        return port;
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    /** A bearer token of the bootstrap admin. */
    String token(HttpClient http) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + ADMIN_ID
                        + "&client_secret=" + ADMIN_SECRET)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.parse(r.body()).get("access_token").asText();
    }

    /** Creates the omnichannel example's template and rules (examples/retail), which upserts then run under. */
    void configureOmnichannel(HttpClient http, String token) throws IOException, InterruptedException {
        for (String[] c : List.of(new String[] {"/profile-templates", "omnichannel-template.json"}, new String[] {"/merge-rules", "omnichannel-rules.json"})) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + API + c[0]))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Files.readString(EXAMPLES.resolve(c[1])))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
    }

    long pid() {
        return process.pid();
    }

    /**
     * Sends SIGTERM, as {@code kill PID} or a container runtime's stop does — through the process handle, because
     * {@link Process#destroy()} also closes our ends of its pipes, and what it says while stopping would be lost.
     */
    void terminate() {
        process.toHandle().destroy();
    }

    /** Waits for the first stdout line matching {@code pattern} (a signal the process gives), failing after {@code timeout}. */
    synchronized String awaitLine(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (true) {
            for (; seen < out.size(); seen++) if (pattern.matcher(out.get(seen)).find()) return out.get(seen);
            if (drained == 2) {
                throw new IllegalStateException("onefold serve exited (" + process.waitFor() + ") before printing /" + pattern + "/; stdout: " + out + "; stderr: " + String.join("\n", err));
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) throw new IllegalStateException("no line /" + pattern + "/ within " + timeout + "; stdout: " + out);
            wait(Math.min(left, 1000));
        }
    }

    /** Waits for the process to end; its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) throw new IllegalStateException("onefold serve still runs after " + timeout);
        return process.exitValue();
    }

    /** Everything the process wrote to stderr so far (its log). */
    synchronized List<String> log() {
        return List.copyOf(err);
    }

    /** Everything the process wrote to stdout so far. */
    synchronized List<String> output() {
        return List.copyOf(out);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            terminate();
            if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
