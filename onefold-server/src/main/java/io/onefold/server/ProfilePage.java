package io.onefold.server;

import com.fasterxml.jackson.databind.node.TextNode;
import io.onefold.service.ProfileDocument;
import io.onefold.store.SearchPage;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A page of profiles on the wire, {@code {"entities":[…],"next_cursor":…,"scanned":…}}, assembled from the profiles' rendered bytes
 * (cached ones are not parsed again): the same bytes {@link JsonBytes} renders for the equivalent tree, since compact
 * JSON of an object is its members' renderings joined.
 */
final class ProfilePage {
    private static final byte[] OPEN = "{\"entities\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CURSOR = "],\"next_cursor\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SCANNED = ",\"scanned\":true}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INDEXED = ",\"scanned\":false}".getBytes(StandardCharsets.US_ASCII);

    private ProfilePage() {}

    /**
     * Answers the page: a small one (the usual lookup: one profile) is written straight to the response in its parts —
     * no assembled copy — and, like every small answer, sent whole with its Content-Length once the handler returns; a
     * large one as one array, which the server may compress.
     */
    static void respond(Context ctx, SearchPage<ProfileDocument> page) {
        byte[] cursor = page.nextCursor() == null ? NULL : JsonBytes.of(TextNode.valueOf(page.nextCursor()));
        int size = OPEN.length + CURSOR.length + cursor.length + SCANNED.length;
        for (ProfileDocument d : page.items()) size += d.json().length + 1;
        if (size >= Requests.MIN_COMPRESSED_BYTES) {
            Requests.respond(ctx, 200, json(page));
            return;
        }
        ctx.status(200).contentType("application/json");
        try {
            write(ctx.res().getOutputStream(), page, cursor);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] json(SearchPage<ProfileDocument> page) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try {
            write(out, page, page.nextCursor() == null ? NULL : JsonBytes.of(TextNode.valueOf(page.nextCursor())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(OutputStream out, SearchPage<ProfileDocument> page, byte[] cursor) throws IOException {
        out.write(OPEN);
        boolean first = true;
        for (ProfileDocument d : page.items()) {
            if (!first) out.write(',');
            out.write(d.json());
            first = false;
        }
        out.write(CURSOR);
        out.write(cursor);
        out.write(page.scanned() ? SCANNED : INDEXED);
    }
}
