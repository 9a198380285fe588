package io.onefold.store.sqlite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One process writes a data directory: {@code onefold serve} and {@code onefold ingest --data} each hold an exclusive
 * lock on its {@value #FILE} for as long as they run. The embedded store keeps state in memory that only its own
 * writes keep exact (caches, the change notifier, the single writer's group commit), so a second writer process would
 * break it silently; with the lock it is refused at once, naming the directory. The operating system releases the
 * lock when the process ends, however it ends ({@code kill -9} included), so a stale lock file never blocks a restart.
 */
public final class DataDirectoryLock implements AutoCloseable {
    static final String FILE = "onefold.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the directory's lock, or fails with {@link InUseException} when another process (or store) holds it. */
    public static DataDirectoryLock acquire(Path directory) {
        Path file = directory.resolve(FILE);
        FileChannel channel = null;
        try {
            Files.createDirectories(directory);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException held) {
                lock = null; // this process holds it already, through another store
            }
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                throw new InUseException(directory, holder);
            }
            // who holds it, for the message another process shows
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(false);
            return new DataDirectoryLock(channel, lock);
        } catch (IOException e) {
            try {
                if (channel != null) channel.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("cannot lock data directory " + directory.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(32);
        int n = channel.read(b, 0);
        String pid = n <= 0 ? "" : new String(b.array(), 0, n, StandardCharsets.US_ASCII).trim();
        return pid.matches("\\d{1,19}") ? pid : null;
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The data directory is held by another process (or another store of this one). */
    public static final class InUseException extends IllegalStateException {
        InUseException(Path directory, String pid) {
            super("data directory " + directory.toAbsolutePath() + " is in use by another Onefold process"
                    + (pid == null ? "" : " (pid " + pid + ")")
                    + " — a running `onefold serve` or `onefold ingest --data`; stop it first, or send the data through the server (`onefold ingest --server`)");
        }
    }
}
