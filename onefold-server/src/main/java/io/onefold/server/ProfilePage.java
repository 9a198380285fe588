package io.onefold.server;

import com.fasterxml.jackson.databind.node.TextNode;
import io.onefold.service.ProfileDocument;
import io.onefold.store.SearchPage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A page of profiles on the wire, {@code {"entities":[…],"next_cursor":…,"scanned":…}}, assembled from the profiles' rendered bytes
 * (cached ones are not parsed again): the same bytes {@link JsonBytes} renders for the equivalent tree, since compact
 * JSON of an object is its members' renderings joined.
 */
final class ProfilePage {
    private static final byte[] OPEN = "{\"entities\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NO_CURSOR = "],\"next_cursor\":null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CURSOR = "],\"next_cursor\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SCANNED = ",\"scanned\":true}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INDEXED = ",\"scanned\":false}".getBytes(StandardCharsets.US_ASCII);

    private ProfilePage() {}

    static byte[] json(SearchPage<ProfileDocument> page) {
        int size = OPEN.length + NO_CURSOR.length + 64;
        for (ProfileDocument d : page.items()) size += d.json().length + 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.writeBytes(OPEN);
        boolean first = true;
        for (ProfileDocument d : page.items()) {
            if (!first) out.write(',');
            out.writeBytes(d.json());
            first = false;
        }
        if (page.nextCursor() == null) {
            out.writeBytes(NO_CURSOR);
        } else {
            out.writeBytes(CURSOR);
            out.writeBytes(JsonBytes.of(TextNode.valueOf(page.nextCursor())));
        }
        out.writeBytes(page.scanned() ? SCANNED : INDEXED);
        return out.toByteArray();
    }
}
