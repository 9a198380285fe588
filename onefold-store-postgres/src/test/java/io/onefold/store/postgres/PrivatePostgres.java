package io.onefold.store.postgres;

import java.io.File;
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
 * One PostgreSQL of this JVM's own, for machines where none answers at 127.0.0.1:5432: the local installation's
 * {@code initdb} into a fresh temporary directory, {@code postgres} on a free port of 127.0.0.1 with its socket in that
 * directory, stopped and deleted by a shutdown hook. Started lazily and shared by every test of the JVM, because a
 * cluster takes seconds to create. {@code initdb} and {@code postgres} refuse to run as root, and CI builds run as
 * root: then they run as nobody:nogroup (setpriv, or runuser) in a directory that user owns.
 */
final class PrivatePostgres {
    static final String INSTALL_HINT = "no PostgreSQL at 127.0.0.1:5432 and none installed: install PostgreSQL "
            + "(Debian: apt-get install postgresql) or set ONEFOLD_TEST_PG=jdbc:postgresql://HOST:PORT/";
    private static String url;
    /** A start that failed once fails every later test of the JVM with the same message, without trying again. */
    private static IllegalStateException failure;

    private PrivatePostgres() {
    }

    /** The private server's URL (ending in '/'), starting it on first use with {@code superuser} as its superuser. */
    static synchronized String url(String superuser) {
        if (failure != null) {
            throw failure;
        }
        if (url == null) {
            try {
                url = start(superuser);
            } catch (IllegalStateException e) {
                failure = e;
                throw e;
            }
        }
        return url;
    }

    private static String start(String superuser) {
        Path bin = binaries().orElseThrow(() -> new IllegalStateException(INSTALL_HINT));
        boolean root = isRoot();
        Path dir = null;
        try {
            dir = root
                    ? Files.createTempDirectory(Path.of("/tmp"), "onefold-pg-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")))
                    : Files.createTempDirectory("onefold-pg-");
            Path data = dir.resolve("data");
            if (root) {
                run(List.of("chown", "-R", "nobody:nogroup", dir.toString()), dir, false, dir.resolve("chown.log"));
            }
            run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", superuser, "-A", "trust",
                    "-E", "UTF8", "--locale=C", "--no-sync"), dir, root, dir.resolve("initdb.log"));
            int port = freePort();
            String options = "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                    + " -c synchronous_commit=off -c full_page_writes=off";
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(),
                    "-o", options, "-w", "-t", "60", "start"), dir, root, dir.resolve("pg_ctl.log"));
            Path started = dir;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(bin, started, root), "private-postgres-stop"));
            System.err.println("PrivatePostgres: started PostgreSQL " + bin + " on 127.0.0.1:" + port + ", data directory " + data);
            return "jdbc:postgresql://127.0.0.1:" + port + "/";
        } catch (IOException | RuntimeException e) {
            String logs = dir == null ? "" : " (logs in " + dir + ")";
            throw new IllegalStateException("cannot start a private PostgreSQL from " + bin + logs + ": " + e.getMessage(), e);
        }
    }

    private static void stop(Path bin, Path dir, boolean root) {
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop"),
                    dir, root, dir.resolve("pg_ctl-stop.log"));
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("PrivatePostgres: cannot stop the server in " + dir + ": " + e.getMessage());
        }
    }

    /** pg_config --bindir on PATH, else the newest /usr/lib/postgresql/N/bin, else the directory of initdb on PATH. */
    static Optional<Path> binaries() {
        try {
            Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() == 0 && hasServer(Path.of(out))) {
                return Optional.of(Path.of(out));
            }
        } catch (IOException e) {
            // no pg_config on PATH: look elsewhere
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Optional<Path> newest = versions.filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                        .sorted(Comparator.comparingDouble((Path v) -> Double.parseDouble(v.getFileName().toString())).reversed())
                        .map(v -> v.resolve("bin")).filter(PrivatePostgres::hasServer).findFirst();
                if (newest.isPresent()) {
                    return newest;
                }
            } catch (IOException e) {
                // unreadable: fall through to PATH
            }
        }
        String path = System.getenv("PATH");
        for (String entry : path == null ? new String[0] : path.split(File.pathSeparator)) {
            Path initdb = Path.of(entry, "initdb");
            if (Files.isExecutable(initdb)) {
                try {
                    Path real = initdb.toRealPath().getParent();
                    if (hasServer(real)) {
                        return Optional.of(real);
                    }
                } catch (IOException e) {
                    // dangling link: keep looking
                }
            }
        }
        return Optional.empty();
    }

    private static boolean hasServer(Path bin) {
        return Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"))
                && Files.isExecutable(bin.resolve("postgres"));
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
