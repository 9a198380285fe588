package io.onefold.core.schema;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** ISO-8601 parsing shared by the template types and the observation envelope. */
public final class Instants {
    private Instants() {}

    /** An instant with an offset ({@code Z} or {@code +02:00}); a local date-time without offset is ambiguous, so refused. */
    public static Optional<Instant> parseInstant(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text.strip()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public static Optional<LocalDate> parseDate(String text) {
        try {
            return Optional.of(LocalDate.parse(text.strip()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The instant a {@code date} value stands for when compared with instants: midnight UTC. */
    public static Instant sortKey(String dateOrInstant) {
        return parseDate(dateOrInstant).map(d -> d.atStartOfDay(ZoneOffset.UTC).toInstant())
                .or(() -> parseInstant(dateOrInstant)).orElse(Instant.EPOCH);
    }
}
