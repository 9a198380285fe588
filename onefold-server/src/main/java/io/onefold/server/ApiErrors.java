package io.onefold.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.onefold.core.error.FromValueConflictException;
import io.onefold.core.error.IdentifierConflictException;
import io.onefold.core.error.OnefoldException;
import io.onefold.core.error.Violation;
import io.onefold.core.json.Json;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place exceptions become responses: {@code {"code", "message", "details": [{"field", "reason"}], "request_id"}}.
 * Domain errors keep their code; anything unexpected is a 500 logged with its request id — the log line carries the
 * exception's type and stack, never its message, which could hold personal data.
 */
final class ApiErrors {
    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    private ApiErrors() {}

    static void handle(Exception e, Context ctx) {
        switch (e) {
            case ApiException a -> {
                a.headers.forEach(ctx::header);
                write(ctx, a.status, a.code, a.getMessage(), a.details, null);
            }
            case IdentifierConflictException c -> write(ctx, c, conflict(c.attribute(), "profile_ids", c.profileIds()));
            case FromValueConflictException c -> write(ctx, c, conflict(c.attribute(), "current_values", c.currentValues()));
            case OnefoldException o -> write(ctx, o, null);
            case HttpResponseException h -> {
                int status = h.getStatus();
                String code = switch (status) {
                    case 413 -> "PAYLOAD_TOO_LARGE";
                    case 404 -> "NOT_FOUND";
                    case 405 -> "METHOD_NOT_ALLOWED";
                    case 415 -> "UNSUPPORTED_MEDIA_TYPE";
                    default -> status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST";
                };
                write(ctx, status, code, h.getMessage() == null || h.getMessage().isBlank() ? code : h.getMessage(), List.of(), null);
            }
            default -> {
                String requestId = Requests.id(ctx);
                Throwable sanitized = new Throwable(e.getClass().getName() + " (message withheld: it may hold personal data)");
                sanitized.setStackTrace(e.getStackTrace());
                LOG.error("request {} failed: {} {}", requestId, ctx.method(), ctx.path(), sanitized);
                write(ctx, 500, "INTERNAL_ERROR", "internal error; quote request id " + requestId, List.of(), null);
            }
        }
    }

    /** What a 409 adds to the error body: the attribute, and the profiles or values in the way. */
    private static ObjectNode conflict(String attribute, String listName, List<String> list) {
        ObjectNode extra = Json.object();
        extra.put("attribute", attribute);
        ArrayNode values = extra.putArray(listName);
        list.forEach(values::add);
        return extra;
    }

    /** A domain error, with the status and code of the one table ({@link ErrorStatus}). */
    private static void write(Context ctx, OnefoldException o, ObjectNode extra) {
        ErrorStatus s = ErrorStatus.of(o.code());
        if (s.status() == 503) ctx.header("Retry-After", ErrorStatus.RETRY_AFTER_SECONDS);
        write(ctx, s.status(), s.code(), o.getMessage(), o.details(), extra);
    }

    /** The status {@link #handle} answers {@code e} with. */
    static int status(Exception e) {
        return switch (e) {
            case ApiException a -> a.status;
            case OnefoldException o -> ErrorStatus.of(o.code()).status();
            case HttpResponseException h -> h.getStatus();
            default -> 500;
        };
    }

    static void write(Context ctx, int status, String code, String message, List<Violation> details, ObjectNode extra) {
        ObjectNode body = body(code, message, details, Requests.id(ctx));
        if (extra != null) body.setAll(extra);
        Requests.discardUnsentBody(ctx);
        ctx.status(status).contentType("application/json").result(body.toString());
    }

    /** The error shape: {@code {"code", "message", "details": [{"field", "reason"}], "request_id"}}. */
    static ObjectNode body(String code, String message, List<Violation> details, String requestId) {
        ObjectNode body = Json.object();
        body.put("code", code);
        body.put("message", message);
        ArrayNode d = body.putArray("details");
        for (Violation v : details) d.addObject().put("field", v.field()).put("reason", v.reason());
        body.put("request_id", requestId);
        return body;
    }
}
