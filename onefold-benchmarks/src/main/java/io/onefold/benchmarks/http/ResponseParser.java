package io.onefold.benchmarks.http;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Just enough HTTP/1.1 response parsing: the status line, Content-Length or chunked, Connection: close. */
final class ResponseParser {
    private ResponseParser() {}

    /** The status when {@code buf[0, len)} holds one complete response, else -1. */
    static int complete(byte[] buf, int len) {
        int headerEnd = indexOf(buf, 0, len);
        if (headerEnd < 0) return -1;
        int bodyStart = headerEnd + 4;
        int status = (buf[9] - '0') * 100 + (buf[10] - '0') * 10 + (buf[11] - '0');
        long contentLength = header(buf, headerEnd, "content-length:");
        if (contentLength >= 0) return len >= bodyStart + contentLength ? status : -1;
        if (hasHeaderValue(buf, headerEnd, "transfer-encoding:", "chunked")) return chunkedComplete(buf, bodyStart, len) ? status : -1;
        if (status == 204 || status == 304 || status / 100 == 1) return status;
        return -1; // body delimited by close: not expected from the server
    }

    /** Where the body of the response in {@code buf[0, len)} starts, or -1 before the end of its headers. */
    static int bodyStart(byte[] buf, int len) {
        int headerEnd = indexOf(buf, 0, len);
        return headerEnd < 0 ? -1 : headerEnd + 4;
    }

    static boolean connectionClose(byte[] buf, int len) {
        int headerEnd = indexOf(buf, 0, len);
        return headerEnd >= 0 && hasHeaderValue(buf, headerEnd, "connection:", "close");
    }

    private static boolean chunkedComplete(byte[] buf, int p, int len) {
        while (true) {
            long size = 0;
            int i = p;
            while (i < len && buf[i] != '\r' && buf[i] != ';') {
                size = size * 16 + Character.digit(buf[i], 16);
                i++;
            }
            while (i < len && buf[i] != '\n') i++;
            if (i >= len) return false;
            i++;
            if (size == 0) return i + 2 <= len; // no trailers
            p = (int) (i + size + 2);
            if (p > len) return false;
        }
    }

    private static int indexOf(byte[] b, int from, int len) {
        for (int i = from; i + 3 < len; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') return i;
        }
        return -1;
    }

    private static int headerStart(byte[] b, int headerEnd, String name) {
        int n = name.length();
        for (int i = 0; i + n <= headerEnd; i++) {
            if (b[i] == '\n' && i + 1 + n <= headerEnd && regionMatches(b, i + 1, name)) return i + 1 + n;
        }
        return -1;
    }

    private static boolean regionMatches(byte[] b, int at, String lower) {
        for (int j = 0; j < lower.length(); j++) {
            int c = b[at + j];
            if (c >= 'A' && c <= 'Z') c += 32;
            if (c != lower.charAt(j)) return false;
        }
        return true;
    }

    private static long header(byte[] b, int headerEnd, String name) {
        int i = headerStart(b, headerEnd, name);
        if (i < 0) return -1;
        while (b[i] == ' ') i++;
        long v = 0;
        while (b[i] >= '0' && b[i] <= '9') v = v * 10 + (b[i++] - '0');
        return v;
    }

    private static boolean hasHeaderValue(byte[] b, int headerEnd, String name, String value) {
        int i = headerStart(b, headerEnd, name);
        if (i < 0) return false;
        int eol = i;
        while (eol < headerEnd && b[eol] != '\r') eol++;
        String v = new String(b, i, eol - i, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
        return v.contains(value);
    }
}
