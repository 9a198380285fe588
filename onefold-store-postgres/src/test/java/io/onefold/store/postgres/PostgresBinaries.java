package io.onefold.store.postgres;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Where the programs of a {@link PrivatePostgres} come from: a local installation (pg_config --bindir on PATH, else the
 * newest /usr/lib/postgresql/N/bin, else the directory of initdb on PATH), else the binaries Maven brings
 * ({@link EmbeddedPostgresBinaries}), so that a machine with only a JDK and Maven runs the PostgreSQL tests too.
 */
final class PostgresBinaries {
    static final Path DEBIAN = Path.of("/usr/lib/postgresql");

    private PostgresBinaries() {
    }

    static Optional<Path> find() {
        return find(System::getenv, DEBIAN, EmbeddedPostgresBinaries::bin);
    }

    /** With the environment, the Debian root and the embedded binaries given, so a test can take the installation away. */
    static Optional<Path> find(Function<String, String> env, Path debian, Supplier<Optional<Path>> embedded) {
        return installed(env, debian).or(embedded);
    }

    static Optional<Path> installed(Function<String, String> env, Path debian) {
        Optional<Path> pgConfig = onPath(env, "pg_config").flatMap(PostgresBinaries::bindir).filter(PostgresBinaries::hasServer);
        if (pgConfig.isPresent()) return pgConfig;
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Optional<Path> newest = versions.filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                        .sorted(Comparator.comparingDouble((Path v) -> Double.parseDouble(v.getFileName().toString())).reversed())
                        .map(v -> v.resolve("bin")).filter(PostgresBinaries::hasServer).findFirst();
                if (newest.isPresent()) return newest;
            } catch (IOException e) {
                // unreadable: fall through to PATH
            }
        }
        return onPath(env, "initdb").flatMap(initdb -> {
            try {
                return Optional.of(initdb.toRealPath().getParent());
            } catch (IOException e) {
                return Optional.empty(); // a dangling link
            }
        }).filter(PostgresBinaries::hasServer);
    }

    /** The first executable {@code name} in the environment's PATH. */
    private static Optional<Path> onPath(Function<String, String> env, String name) {
        String path = env.apply("PATH");
        for (String entry : path == null ? new String[0] : path.split(File.pathSeparator)) {
            if (entry.isEmpty()) continue;
            Path candidate = Path.of(entry, name);
            if (Files.isExecutable(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    private static Optional<Path> bindir(Path pgConfig) {
        try {
            Process p = new ProcessBuilder(pgConfig.toString(), "--bindir").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 && !out.isEmpty() ? Optional.of(Path.of(out)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    static boolean hasServer(Path bin) {
        return Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"))
                && Files.isExecutable(bin.resolve("postgres"));
    }
}
