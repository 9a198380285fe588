package io.onefold.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.onefold.core.error.ErrorCode;
import io.onefold.core.error.ValidationException;
import io.onefold.core.error.Violation;
import io.onefold.core.json.Json;
import io.onefold.core.json.UnpairedSurrogates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Request plumbing shared by the controllers: request ids, JSON bodies, the caller. */
final class Requests {
    static final String REQUEST_ID = "X-Request-Id";
    private static final String PRINCIPAL = "onefold.principal";
    static final String MAX_BODY = "onefold.max-body";
    /** From this size on an answer is worth compressing (about one packet): Javalin's threshold, set to this. */
    static final int MIN_COMPRESSED_BYTES = 1500;

    private Requests() {}

    /** The caller's X-Request-Id (echoed, when it is sane) or a new one. */
    static String id(Context ctx) {
        String id = ctx.attribute(REQUEST_ID);
        if (id == null) {
            id = id(ctx.header(REQUEST_ID));
            ctx.attribute(REQUEST_ID, id);
            ctx.header(REQUEST_ID, id);
        }
        return id;
    }

    /** The caller's request id when it is sane (1-128 of {@code [A-Za-z0-9._-]}), else a new one. */
    static String id(String given) {
        return given != null && sane(given) ? given : RequestIds.next();
    }

    /** {@code [A-Za-z0-9._\-]{1,128}}, without compiling the pattern on every request. */
    private static boolean sane(String id) {
        int n = id.length();
        if (n < 1 || n > 128) return false;
        for (int i = 0; i < n; i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
            if (!ok) return false;
        }
        return true;
    }

    static void principal(Context ctx, Principal p) {
        ctx.attribute(PRINCIPAL, p);
    }

    static Principal principal(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL);
        if (p == null) throw ApiException.unauthorized("a bearer token is required");
        return p;
    }

    /** The body as JSON: 415 unless it is declared JSON, 400 MALFORMED_JSON unless it parses. */
    static JsonNode json(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase().startsWith("application/json")) throw ApiException.unsupportedMediaType("application/json");
        byte[] body = ctx.bodyAsBytes();
        Long limit = ctx.attribute(MAX_BODY);
        if (limit != null && body.length > limit) throw ApiException.tooLarge(limit);
        if (body.length == 0) throw new ValidationException(ErrorCode.MALFORMED_JSON, List.of(new Violation("", "the body is empty; a JSON object is expected")));
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ValidationException(ErrorCode.MALFORMED_JSON, List.of(new Violation("", "not valid JSON: " + e.getOriginalMessage())));
        } catch (java.io.IOException e) {
            throw new ValidationException(ErrorCode.MALFORMED_JSON, List.of(new Violation("", "unreadable body")));
        }
        List<Violation> unstorable = UnpairedSurrogates.in(tree, "");
        if (!unstorable.isEmpty()) throw new ValidationException(unstorable);
        return tree;
    }

    static JsonNode jsonObject(Context ctx) {
        JsonNode n = json(ctx);
        if (!n.isObject()) throw ValidationException.of("", "the body must be a JSON object");
        return n;
    }

    static String text(JsonNode body, String field, boolean required) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) throw ValidationException.of(field, "is required");
            return null;
        }
        if (!v.isTextual()) throw ValidationException.of(field, "must be a string");
        return v.textValue();
    }

    /**
     * A JSON answer. One under {@link #MIN_COMPRESSED_BYTES} is written straight to the servlet's stream: Javalin would
     * not compress it anyway, and its result path would still copy it through a 32 kB buffer into a compressing stream
     * that inspects the headers and content type before deciding not to compress. A larger one goes through Javalin,
     * compressed when the client accepts it. Either way the JSON is rendered straight to bytes ({@link JsonBytes}).
     */
    static void respond(Context ctx, int status, JsonNode body) {
        respond(ctx, status, JsonBytes.of(body));
    }

    /** An answer already rendered as JSON (UTF-8): a cached profile's bytes, say. */
    static void respond(Context ctx, int status, byte[] bytes) {
        // application/json's charset is UTF-8 (Jetty assumes it for the type), the encoding JsonBytes writes
        ctx.status(status).contentType("application/json");
        if (bytes.length >= MIN_COMPRESSED_BYTES) {
            ctx.result(bytes);
            return;
        }
        try {
            // fits Jetty's response buffer: nothing is sent before the handler returns, and Content-Length is set then
            ctx.res().getOutputStream().write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Drops a body written but not sent yet (an answer of {@link #respond}), so that an error answered after it replaces
     * it, as a later {@code ctx.result} replaces an earlier one.
     */
    static void discardUnsentBody(Context ctx) {
        if (!ctx.res().isCommitted()) ctx.res().resetBuffer();
    }

    /** An optional array-of-strings field (absent: empty). */
    static java.util.List<String> strings(JsonNode body, String field) {
        java.util.List<String> out = new java.util.ArrayList<>();
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return out;
        if (!v.isArray()) throw ValidationException.of(field, "must be an array of strings");
        for (JsonNode e : v) {
            if (!e.isTextual()) throw ValidationException.of(field, "must be an array of strings");
            out.add(e.textValue());
        }
        return out;
    }

}
