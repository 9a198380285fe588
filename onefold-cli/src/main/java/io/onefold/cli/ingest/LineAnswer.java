package io.onefold.cli.ingest;

import io.onefold.core.error.Violation;
import io.onefold.server.ErrorStatus;
import io.onefold.service.BulkLoader;
import java.util.List;

/**
 * What a line came to, as the counts and the rejects file say it: the outcome of an applied line, or the rejection of
 * a refused one — what {@code POST /profiles/bulk} answers for that line. A server's answer is taken as it is; a line
 * loaded straight into a data directory, or refused before it was sent, is answered by the server's own table
 * ({@link ErrorStatus}), so the same line gets the same status and code either way.
 *
 * @param outcome  created, updated, merged or unchanged; null when rejected
 * @param rejected why the line was refused; null when applied
 */
record LineAnswer(long number, String outcome, Rejection rejected) {
    /** A refused line as the API answers it: status, code, message and details. */
    record Rejection(int status, String code, String message, List<Violation> details) {}

    boolean ok() {
        return rejected == null;
    }

    static LineAnswer applied(long number, String outcome) {
        return new LineAnswer(number, outcome, null);
    }

    static LineAnswer rejected(long number, int status, String code, String message, List<Violation> details) {
        return new LineAnswer(number, null, new Rejection(status, code, message, details));
    }

    /** A refusal of the service, through the server's table. */
    static LineAnswer refused(long number, BulkLoader.Refusal r) {
        ErrorStatus s = ErrorStatus.of(r.code());
        return rejected(number, s.status(), s.code(), r.message(), r.details());
    }

    /** A result of the service's bulk loader. */
    static LineAnswer of(BulkLoader.LineResult r) {
        return r.ok() ? applied(r.number(), r.outcome()) : refused(r.number(), r.refused());
    }

    static List<LineAnswer> of(List<BulkLoader.LineResult> results) {
        return results.stream().map(LineAnswer::of).toList();
    }
}
