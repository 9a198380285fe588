package io.onefold.server;

import io.onefold.core.error.Violation;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty gives before any route runs — a request line or headers too large to parse, a URI it cannot
 * decode, a request refused while the server drains — in the API's error shape instead of Jetty's HTML page. The
 * message is Jetty's reason (it names the protocol fault, never the request's content); the request line and headers
 * are not echoed back.
 */
final class JettyErrors implements Request.Handler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        String reason = (String) request.getAttribute(ErrorHandler.ERROR_MESSAGE);
        if (request.getAttribute(ErrorHandler.ERROR_EXCEPTION) instanceof HttpException e) {
            status = e.getCode();
            response.setStatus(status);
            if (reason == null) reason = e.getReason();
        }
        if (status < 400) status = 500;
        if (reason == null || reason.isBlank()) reason = HttpStatus.getMessage(status);
        String requestId = Requests.id(request.getHeaders().get(Requests.REQUEST_ID));
        String body = ApiErrors.body(code(status), reason, details(status, reason), requestId).toString();
        response.getHeaders().put(Requests.REQUEST_ID, requestId);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    private static String code(int status) {
        return switch (status) {
            case 400 -> "BAD_REQUEST";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 408 -> "REQUEST_TIMEOUT";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 414 -> "URI_TOO_LONG";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            case 431 -> "HEADERS_TOO_LARGE";
            case 503 -> "UNAVAILABLE";
            case 505 -> "HTTP_VERSION_NOT_SUPPORTED";
            default -> status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST";
        };
    }

    /** What part of the request is at fault, when the status says it. */
    private static List<Violation> details(int status, String reason) {
        return switch (status) {
            case 400 -> List.of(new Violation("request", reason));
            case 414 -> List.of(new Violation("uri", "longer than the server reads (" + reason + ")"));
            case 431 -> List.of(new Violation("headers", "larger than the server reads (" + reason + ")"));
            case 413 -> List.of(new Violation("body", reason));
            default -> List.of();
        };
    }
}
