package io.onefold.cli.ingest;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads an input file record by record, counting physical lines and bytes, so that a run can resume from the byte
 * offset after its last committed record. An NDJSON record is one line; a CSV record is one line, or several when a
 * quoted cell holds line breaks (RFC 4180). Records are returned as bytes: NDJSON goes to Jackson as it is (strict
 * UTF-8), CSV is decoded by {@link CsvMapping}.
 */
final class RecordReader implements AutoCloseable {
    /** A record: the physical line it starts on, the byte offset just after it, and its bytes (without the line break). */
    record Raw(long line, long endOffset, byte[] bytes) {}

    private final InputStream in;
    private final boolean csv;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
    private long offset;
    private long line;

    /** Opens {@code file} at {@code offset}, whose first byte starts physical line {@code nextLine}. */
    RecordReader(Path file, boolean csv, long offset, long nextLine) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        ch.position(offset);
        this.in = new BufferedInputStream(Channels.newInputStream(ch), 1 << 16);
        this.csv = csv;
        this.offset = offset;
        this.line = nextLine - 1;
    }

    /** The physical line the next record starts on (a quoted CSV cell may span lines). */
    long nextLine() {
        return line + 1;
    }

    /** The next record, or null at the end of the file. */
    Raw next() throws IOException {
        buffer.reset();
        long start = line + 1;
        boolean quoted = false;
        int b;
        boolean any = false;
        while ((b = in.read()) != -1) {
            any = true;
            offset++;
            if (b == '\n') {
                line++;
                if (!quoted) return new Raw(start, offset, trimCr(buffer.toByteArray()));
                buffer.write(b);
                continue;
            }
            if (csv && b == '"') quoted = !quoted;
            buffer.write(b);
        }
        if (!any) return null;
        line++;
        return new Raw(start, offset, trimCr(buffer.toByteArray()));
    }

    private static byte[] trimCr(byte[] bytes) {
        if (bytes.length > 0 && bytes[bytes.length - 1] == '\r') return java.util.Arrays.copyOf(bytes, bytes.length - 1);
        return bytes;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
