package io.onefold.store.sqlite;

import io.onefold.store.jdbc.Statements;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The size of the writer connection's SQLite page cache, chosen by the size of the database file.
 *
 * <p>Why not always large: below 1 GiB a large page cache makes every commit slower. When SQLite rebalances a b-tree it
 * swaps sibling pages through a temporary page number, the one of the "pending byte" page 1 GiB into the file
 * ({@code balance_nonroot}); that number stays the page cache's highest key. The end of every write transaction then
 * drops the cached pages past the end of the file ({@code pager_end_transaction}), and while that key lies further
 * past the end than the cache has hash slots, the drop scans the whole hash table ({@code pcache1TruncateUnsafe}):
 * time proportional to the pages cached, at every commit. Profiled (a symbol-bearing build of the same JDBC glue and
 * SQLite 3.53): 13% of the writer thread's CPU with a 256 MiB cache on a database of a few hundred MB. Once the file
 * passes 1 GiB the temporary number lies inside it and the scan is short, and then a large cache pays: a million
 * profiles are several GB, and their random pages are what the writer waits for (docs/benchmarks.md).
 *
 * <p>So: {@link #SMALL_KIB} until the file reaches {@link #LARGE_FROM_BYTES}, {@link #LARGE_KIB} from then on; checked
 * when the store opens, every {@link #CHECK_EVERY} commits and after a {@code VACUUM}. The size never changes a result,
 * only which pages are read again.
 */
final class WriterPageCache {
    static final long SMALL_KIB = 16_384;
    static final long LARGE_KIB = 262_144;
    /** SQLite's {@code PENDING_BYTE}: the temporary page number sits here whatever the page size. */
    static final long LARGE_FROM_BYTES = 0x4000_0000L;
    static final int CHECK_EVERY = 1024;

    private final Statements writer;
    private final long largeFromBytes;
    /** The size set last, 0 before the first {@link #fit}. */
    private long kib;
    private int commits;

    WriterPageCache(Statements writer) {
        this(writer, LARGE_FROM_BYTES);
    }

    /** With another threshold: tests, which cannot write a gigabyte. */
    WriterPageCache(Statements writer, long largeFromBytes) {
        this.writer = writer;
        this.largeFromBytes = largeFromBytes;
    }

    /** Counts a commit; every {@link #CHECK_EVERY}th one looks at the file's size again. */
    void committed() throws SQLException {
        if (++commits % CHECK_EVERY == 0) fit();
    }

    /** Sets the cache size the file's current size calls for (a no-op when it is already set). */
    void fit() throws SQLException {
        long want = bytes() >= largeFromBytes ? LARGE_KIB : SMALL_KIB;
        if (want == kib) return;
        writer.execute("PRAGMA cache_size=-" + want);
        kib = want;
    }

    private long bytes() throws SQLException {
        return pragma("page_count") * pragma("page_size");
    }

    private long pragma(String name) throws SQLException {
        try (var st = writer.connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
