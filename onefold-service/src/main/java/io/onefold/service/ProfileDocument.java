package io.onefold.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A profile read as it goes on the wire ({@code profile_id, identifiers, aliases, attributes, created_at, updated_at,
 * version}, and {@code redirected_from} when an absorbed id was asked): its JSON bytes, rendered once by the server's
 * renderer ({@link ProfileQueries#renderWith}) and shared by every read the {@link ProfileReadCache} answers. Never
 * modify {@code json}.
 */
public record ProfileDocument(String profileId, byte[] json) {
    /** The document as a tree (a parse: for callers that add to it or inspect it, not for the hot path). */
    public ObjectNode tree() {
        try {
            return (ObjectNode) Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
