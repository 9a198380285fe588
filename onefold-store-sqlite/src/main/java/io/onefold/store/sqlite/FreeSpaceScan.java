package io.onefold.store.sqlite;

import io.onefold.core.json.CanonicalJson;
import io.onefold.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds texts in the parts of a SQLite database file that hold no live data: the unallocated gap and the freeblocks of
 * each B-tree page, and the freelist pages.
 *
 * <p>Why: {@code secure_delete} zeroes a cell when it is deleted, but when a page is rebalanced SQLite rebuilds it
 * without clearing the gap it leaves, so copies of cells that moved (and were later deleted) survive there — measured:
 * a few in ten thousand deleted rows of a WITHOUT ROWID table. Live data never sits in those regions, so a text found
 * there is a leftover, and a VACUUM (which rewrites the file) removes it. Layout: sqlite.org/fileformat2.html.
 */
final class FreeSpaceScan {
    private FreeSpaceScan() {}

    /** The texts (as UTF-8, and as they read inside a JSON string) found in a free region of the file. */
    static Set<String> leftovers(Path databaseFile, Collection<String> texts) {
        List<byte[]> patterns = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        for (String t : texts) {
            if (t.isEmpty()) continue;
            for (String form : new TreeSet<>(List.of(t, jsonEscaped(t)))) {
                patterns.add(form.getBytes(StandardCharsets.UTF_8));
                owners.add(t);
            }
        }
        Set<String> found = new TreeSet<>();
        if (patterns.isEmpty()) return found;
        try (FileChannel ch = FileChannel.open(databaseFile, StandardOpenOption.READ)) {
            ByteBuffer header = read(ch, 0, 100);
            if (header.limit() < 100) return found;
            int pageSize = Short.toUnsignedInt(header.getShort(16));
            if (pageSize == 1) pageSize = 65536;
            int usable = pageSize - Byte.toUnsignedInt(header.get(20));
            long pages = ch.size() / pageSize;
            Set<Long> freeLeaves = new HashSet<>();
            Set<Long> trunks = new HashSet<>();
            for (long trunk = Integer.toUnsignedLong(header.getInt(32)); trunk != 0 && trunk <= pages && trunks.add(trunk); ) {
                ByteBuffer t = read(ch, (trunk - 1) * pageSize, usable);
                int count = t.getInt(4);
                for (int i = 0; i < count && 8 + 4 * i + 4 <= usable; i++) freeLeaves.add(Integer.toUnsignedLong(t.getInt(8 + 4 * i)));
                trunk = Integer.toUnsignedLong(t.getInt(0));
            }
            ByteBuffer page = ByteBuffer.allocate(usable);
            for (long p = 1; p <= pages; p++) {
                readInto(ch, (p - 1) * pageSize, page.clear());
                if (freeLeaves.contains(p)) {
                    search(page, 0, usable, patterns, owners, found);
                } else if (trunks.contains(p)) {
                    search(page, 8 + 4 * Math.min(page.getInt(4), (usable - 8) / 4), usable, patterns, owners, found);
                } else {
                    freeRegionsOfBtreePage(page, p == 1 ? 100 : 0, usable, patterns, owners, found);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan " + databaseFile, e);
        }
        return found;
    }

    /** The gap between the cell pointers and the cell content, and every freeblock; anything else is not a B-tree page. */
    private static void freeRegionsOfBtreePage(ByteBuffer page, int h, int usable, List<byte[]> patterns, List<String> owners, Set<String> found) {
        int type = Byte.toUnsignedInt(page.get(h));
        if (type != 2 && type != 5 && type != 10 && type != 13) return; // overflow, pointer map or lock-byte page: live or empty
        int headerSize = type == 2 || type == 5 ? 12 : 8;
        int cells = Short.toUnsignedInt(page.getShort(h + 3));
        int content = Short.toUnsignedInt(page.getShort(h + 5));
        if (content == 0) content = 65536;
        int gapStart = h + headerSize + 2 * cells;
        if (gapStart < Math.min(content, usable)) search(page, gapStart, Math.min(content, usable), patterns, owners, found);
        Set<Integer> seen = new HashSet<>();
        for (int fb = Short.toUnsignedInt(page.getShort(h + 1)); fb != 0 && fb + 4 <= usable && seen.add(fb); ) {
            int size = Short.toUnsignedInt(page.getShort(fb + 2));
            search(page, fb + 4, Math.min(fb + size, usable), patterns, owners, found);
            fb = Short.toUnsignedInt(page.getShort(fb));
        }
    }

    private static void search(ByteBuffer page, int from, int to, List<byte[]> patterns, List<String> owners, Set<String> found) {
        for (int i = from; i < to; i++) {
            byte b = page.get(i);
            if (b == 0) continue; // the free regions are mostly zeros
            next:
            for (int k = 0; k < patterns.size(); k++) {
                byte[] p = patterns.get(k);
                if (p[0] != b || i + p.length > to) continue;
                for (int j = 1; j < p.length; j++) if (page.get(i + j) != p[j]) continue next;
                found.add(owners.get(k));
            }
        }
    }

    private static ByteBuffer read(FileChannel ch, long position, int length) throws IOException {
        return readInto(ch, position, ByteBuffer.allocate(length));
    }

    private static ByteBuffer readInto(FileChannel ch, long position, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) break;
        }
        return b.flip();
    }

    /** The text as it reads inside a JSON string of a record, an event or an answer. */
    private static String jsonEscaped(String text) {
        String quoted = CanonicalJson.of(Json.NODES.textNode(text));
        return quoted.substring(1, quoted.length() - 1);
    }
}
