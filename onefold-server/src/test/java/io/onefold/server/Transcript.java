package io.onefold.server;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text record of requests, answers and events, compared byte for byte with a file kept under
 * {@code src/test/resources}. JSON is laid out one value per line by whitespace alone (every token is kept as the
 * server wrote it: key order, number spelling, escapes), so that a change shows as a small diff. What is random by
 * nature is replaced, in order of first appearance, by stable placeholders: profile ids ({@code <profile-1>}: UUIDv7),
 * other UUIDs ({@code <uuid-1>}: jobs), link ids ({@code <link-1>}) and bearer tokens ({@code <token-1>}); the same
 * value gets the same placeholder everywhere.
 */
final class Transcript {
    /** {@code -Donefold.transcript.record=true} writes the transcript instead of comparing it. */
    static final String RECORD = "onefold.transcript.record";
    private static final List<String> SHOWN_HEADERS = List.of("Content-Type", "Location", "Idempotent-Replayed", "Retry-After", "WWW-Authenticate");
    private static final Pattern RANDOM = Pattern.compile("(eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*)"
            + "|\\b([0-9a-f]{8}-[0-9a-f]{4}-([0-9a-f])[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12})\\b"
            + "|\\b(L\\d{6,}-\\d+-[0-9a-f]{8})\\b");

    private final StringBuilder text = new StringBuilder();

    Transcript(String header) {
        text.append(header.strip()).append('\n');
    }

    void section(String title) {
        text.append("\n== ").append(title).append('\n');
    }

    /**
     * A request as sent: method and path, the headers that change its meaning, the body — JSON laid out, NDJSON line
     * by line as sent (a bulk request's broken lines are the point), anything else as it is.
     */
    void request(String method, String path, Map<String, String> headers, String contentType, String body) {
        text.append(">>> ").append(method).append(' ').append(path).append('\n');
        headers.forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
        if (body != null) {
            text.append("Content-Type: ").append(contentType).append('\n');
            text.append(contentType.contains("ndjson") ? body.stripTrailing() : layout(body, contentType)).append('\n');
        }
    }

    /** An answer: status, the headers that carry meaning, the body laid out. */
    void response(Api.Response r) {
        text.append("<<< ").append(r.status()).append('\n');
        for (String h : SHOWN_HEADERS) {
            String v = r.header(h);
            if (v != null) text.append(h).append(": ").append(v).append('\n');
        }
        if (!r.text().isEmpty()) text.append(layout(r.text(), r.header("Content-Type"))).append('\n');
    }

    /** The events the stream delivered after a request (or {@code (no event)}). */
    void events(List<EventStream.Event> events) {
        if (events.isEmpty()) text.append("--- (no event)\n");
        for (EventStream.Event e : events) {
            text.append("--- event ").append(e.id()).append(' ').append(e.type()).append('\n').append(layout(e.data(), "application/json")).append('\n');
        }
    }

    void note(String line) {
        text.append("# ").append(line).append('\n');
    }

    /** The transcript with its random values replaced by placeholders. */
    String normalized() {
        Map<String, String> placeholders = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        Matcher m = RANDOM.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String kind = m.group(1) != null ? "token" : m.group(2) != null ? ("7".equals(m.group(3)) ? "profile" : "uuid") : "link";
            String placeholder = placeholders.computeIfAbsent(m.group(), v -> "<" + kind + "-" + counts.merge(kind, 1, Integer::sum) + ">");
            m.appendReplacement(out, Matcher.quoteReplacement(placeholder));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * Compares with the recorded file, byte for byte. On a difference, writes what this run produced next to it
     * ({@code NAME.actual.txt}, for a diff) and fails naming the first line that differs. With {@link #RECORD} set,
     * (re-)writes the recorded file instead.
     */
    void assertMatches(Path recorded) {
        String actual = normalized();
        Path actualFile = recorded.resolveSibling(recorded.getFileName().toString().replaceFirst("\\.txt$", "") + ".actual.txt");
        try {
            Files.deleteIfExists(actualFile);
            if (Boolean.getBoolean(RECORD)) {
                Files.createDirectories(recorded.getParent());
                Files.writeString(recorded, actual, StandardCharsets.UTF_8);
                return;
            }
            if (!Files.exists(recorded)) fail("no recorded transcript at " + recorded.toAbsolutePath() + ": record it with -D" + RECORD + "=true");
            String expected = Files.readString(recorded, StandardCharsets.UTF_8);
            if (expected.equals(actual)) return;
            Files.writeString(actualFile, actual, StandardCharsets.UTF_8);
            fail(firstDifference(expected, actual) + "\nthis run's transcript: " + actualFile.toAbsolutePath()
                    + "\ncompare: diff " + recorded.toAbsolutePath() + " " + actualFile.toAbsolutePath()
                    + "\nif the change is deliberate, re-record with -D" + RECORD + "=true and review the diff (see ApiTranscriptTest)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstDifference(String expected, String actual) {
        String[] e = expected.split("\n", -1);
        String[] a = actual.split("\n", -1);
        for (int i = 0; i < Math.max(e.length, a.length); i++) {
            String el = i < e.length ? e[i] : "(end of file)";
            String al = i < a.length ? a[i] : "(end of file)";
            if (!el.equals(al)) {
                String context = lastSection(e, i);
                return "the API transcript differs from the recorded one at line " + (i + 1) + (context == null ? "" : " (in " + context + ")")
                        + ":\n  recorded: " + el + "\n  now:      " + al;
            }
        }
        return "the API transcript differs from the recorded one";
    }

    private static String lastSection(String[] lines, int before) {
        for (int i = Math.min(before, lines.length - 1); i >= 0; i--) if (lines[i].startsWith("== ")) return lines[i].substring(3);
        return null;
    }

    /** JSON (or NDJSON, line by line) laid out by whitespace alone; anything else as it is. */
    static String layout(String body, String contentType) {
        String type = contentType == null ? "" : contentType;
        if (type.contains("ndjson")) {
            StringBuilder out = new StringBuilder();
            for (String line : body.split("\n")) {
                if (line.isBlank()) continue;
                out.append(out.isEmpty() ? "" : "\n").append(indent(line));
            }
            return out.toString();
        }
        String trimmed = body.strip();
        return trimmed.startsWith("{") || trimmed.startsWith("[") ? indent(trimmed) : body;
    }

    /** Two spaces per level; whitespace outside strings is dropped and re-laid, every other character kept. */
    private static String indent(String json) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        boolean inString = false;
        boolean escaped = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                out.append(c);
                if (escaped) escaped = false;
                else if (c == '\\') escaped = true;
                else if (c == '"') inString = false;
                continue;
            }
            switch (c) {
                case '"' -> {
                    inString = true;
                    out.append(c);
                }
                case '{', '[' -> {
                    int next = skipWhitespace(json, i + 1);
                    if (next < json.length() && json.charAt(next) == (c == '{' ? '}' : ']')) {
                        out.append(c).append(json.charAt(next));
                        i = next;
                    } else {
                        out.append(c);
                        newline(out, ++depth);
                    }
                }
                case '}', ']' -> {
                    newline(out, --depth);
                    out.append(c);
                }
                case ',' -> {
                    out.append(c);
                    newline(out, depth);
                }
                case ':' -> out.append(": ");
                case ' ', '\t', '\n', '\r' -> { }
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static int skipWhitespace(String s, int from) {
        int i = from;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        return i;
    }

    private static void newline(StringBuilder out, int depth) {
        out.append('\n').append("  ".repeat(Math.max(0, depth)));
    }
}
