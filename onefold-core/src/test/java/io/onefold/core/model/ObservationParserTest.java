package io.onefold.core.model;

import static io.onefold.core.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.onefold.core.error.ErrorCode;
import io.onefold.core.error.ValidationException;
import io.onefold.core.error.Violation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ObservationParserTest {
    /** The receipt time of every observation here. */
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    private static Observation parse(String body) {
        return ObservationParser.parse(json(body), NOW);
    }

    private static List<Violation> violationsOf(String body) {
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> parse(body));
        assertThat(e).as("%s must be refused", body).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        return e.details();
    }

    @Test
    void the_guides_upsert_is_read_verbatim() {
        Observation o = parse("""
                {"source": "webchat_middleware", "observed_at": "2026-11-28T11:00:00Z",
                 "profile_data": {"email": "customer@example.com", "last_interaction_timestamp": "2026-11-28T11:00:00.000Z"}}""");
        assertThat(o.source()).isEqualTo("webchat_middleware");
        assertThat(o.observedAt()).isEqualTo(Instant.parse("2026-11-28T11:00:00Z"));
        assertThat(o.profileData()).isEqualTo(json("""
                {"email": "customer@example.com", "last_interaction_timestamp": "2026-11-28T11:00:00.000Z"}"""));
        assertThat(o.sourceRecordId()).isNull();
        assertThat(o.explicit()).isEmpty();
        assertThat(o.profileId()).isNull();
    }

    @Test
    void observed_at_defaults_to_the_time_of_receipt() {
        assertThat(parse("{\"source\": \"salesforce_crm\", \"profile_data\": {}}").observedAt()).isEqualTo(NOW);
    }

    @Test
    void observed_at_with_an_offset_is_converted_to_an_instant() {
        assertThat(parse("{\"source\": \"s\", \"profile_data\": {}, \"observed_at\": \"2026-11-28T12:00:00+02:00\"}").observedAt())
                .isEqualTo(Instant.parse("2026-11-28T10:00:00Z"));
    }

    @Test
    void observed_at_up_to_five_minutes_in_the_future_is_accepted_as_clock_drift() {
        assertThat(parse("{\"source\": \"s\", \"profile_data\": {}, \"observed_at\": \"2026-11-28T12:05:00Z\"}").observedAt())
                .isEqualTo(Instant.parse("2026-11-28T12:05:00Z"));
    }

    @Test
    void observed_at_more_than_five_minutes_in_the_future_is_refused() {
        assertThat(violationsOf("{\"source\": \"s\", \"profile_data\": {}, \"observed_at\": \"2026-11-28T12:05:00.001Z\"}"))
                .containsExactly(new Violation("observed_at", "is more than 5 minutes in the future (the allowed clock skew)"));
    }

    @ParameterizedTest(name = "observed_at \"{0}\" is refused")
    @ValueSource(strings = {"1899-12-31T23:59:59.999Z", "1900-01-01T00:30:00+01:00", "0000-01-01T00:00:00Z", "-0001-06-01T00:00:00Z",
            "-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z"})
    void observed_at_before_1900_or_in_the_far_future_is_refused_naming_observed_at(String observedAt) {
        assertThat(violationsOf("{\"source\": \"s\", \"profile_data\": {}, \"observed_at\": \"%s\"}".formatted(observedAt)))
                .extracting(Violation::field).containsExactly("observed_at");
    }

    @Test
    void observed_at_from_1900_on_is_accepted() {
        assertThat(parse("{\"source\": \"s\", \"profile_data\": {}, \"observed_at\": \"1900-01-01T00:00:00Z\"}").observedAt())
                .isEqualTo(ObservedAtRange.EARLIEST);
    }

    @Test
    void the_allowed_clock_skew_is_the_callers_setting() {
        String inAnHour = "{\"source\": \"s\", \"profile_data\": {}, \"observed_at\": \"2026-11-28T13:00:00Z\"}";
        assertThat(ObservationParser.parse(json(inAnHour), NOW, new ObservedAtRange(Duration.ofHours(1))).observedAt())
                .isEqualTo(Instant.parse("2026-11-28T13:00:00Z"));
        assertThatThrownBy(() -> ObservationParser.parse(json(inAnHour), NOW, new ObservedAtRange(Duration.ofMinutes(59))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.details())
                        .containsExactly(new Violation("observed_at", "is more than 59 minutes in the future (the allowed clock skew)")));
        String oneNanoAhead = "{\"source\": \"s\", \"profile_data\": {}, \"observed_at\": \"2026-11-28T12:00:00.000000001Z\"}";
        assertThatThrownBy(() -> ObservationParser.parse(json(oneNanoAhead), NOW, new ObservedAtRange(Duration.ZERO)))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void no_clock_skew_however_large_overflows() {
        String farFuture = "{\"source\": \"s\", \"profile_data\": {}, \"observed_at\": \"+999999999-12-31T23:59:59Z\"}";
        ObservedAtRange unlimited = new ObservedAtRange(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999));
        assertThat(ObservationParser.parse(json(farFuture), NOW, unlimited).observedAt()).isEqualTo(Instant.parse("+999999999-12-31T23:59:59Z"));
        assertThat(unlimited.refusal(Instant.MAX, Instant.MIN)).isEmpty();
        assertThat(ObservedAtRange.DEFAULT.refusal(Instant.MAX, Instant.MIN)).isPresent();
        assertThat(ObservedAtRange.DEFAULT.refusal(Instant.MIN, Instant.MAX)).isPresent();
    }

    @ParameterizedTest(name = "observed_at \"{0}\" is refused")
    @ValueSource(strings = {"yesterday", "2026-11-28", "2026-11-28T10:00:00", "28/11/2026 10:00"})
    void observed_at_that_is_not_an_instant_with_offset_is_refused(String observedAt) {
        assertThat(violationsOf("{\"source\": \"s\", \"profile_data\": {}, \"observed_at\": \"%s\"}".formatted(observedAt)))
                .extracting(Violation::field).containsExactly("observed_at");
    }

    @Test
    void a_missing_source_is_refused() {
        assertThat(violationsOf("{\"profile_data\": {\"email\": \"a@example.com\"}}"))
                .containsExactly(new Violation("source", "is required"));
    }

    @Test
    void a_blank_source_is_refused() {
        assertThat(violationsOf("{\"source\": \"  \", \"profile_data\": {}}")).containsExactly(new Violation("source", "must not be blank"));
    }

    @Test
    void a_missing_profile_data_is_refused() {
        assertThat(violationsOf("{\"source\": \"salesforce_crm\"}")).containsExactly(new Violation("profile_data", "is required"));
    }

    @Test
    void profile_data_that_is_not_an_object_is_refused() {
        assertThat(violationsOf("{\"source\": \"salesforce_crm\", \"profile_data\": [\"a@example.com\"]}"))
                .containsExactly(new Violation("profile_data", "must be a JSON object"));
    }

    @Test
    void a_body_that_is_not_an_object_is_refused() {
        assertThat(violationsOf("[]")).containsExactly(new Violation("", "the body must be a JSON object"));
    }

    @Test
    void an_unknown_envelope_field_is_refused() {
        assertThat(violationsOf("{\"source\": \"s\", \"profile_data\": {}, \"timestamp\": \"2026-11-28T10:00:00Z\"}"))
                .extracting(Violation::field).containsExactly("timestamp");
    }

    @Test
    void every_violation_is_reported_at_once() {
        assertThat(violationsOf("""
                {"profile_data": "email=a@example.com", "observed_at": "soon", "explicit": "loyalty_tier",
                 "source_record_id": "  ", "profile_id": 42, "timestamp": 1}"""))
                .extracting(Violation::field).containsExactlyInAnyOrder(
                        "source", "profile_data", "observed_at", "explicit", "source_record_id", "profile_id", "timestamp");
    }

    @Test
    void onefolds_optional_fields_are_read() {
        Observation o = parse("""
                {"source": "webchat_middleware", "source_record_id": " chat-77 ", "explicit": ["preferred_contact_method"],
                 "profile_id": "0190c6d2-0000-7000-8000-000000000001",
                 "profile_data": {"email": "ava@example.com", "preferred_contact_method": "sms"}}""");
        assertThat(o.sourceRecordId()).isEqualTo("chat-77");
        assertThat(o.explicit()).containsExactly("preferred_contact_method");
        assertThat(o.profileId()).isEqualTo("0190c6d2-0000-7000-8000-000000000001");
    }

    @Test
    void a_numeric_source_record_id_is_read_as_text() {
        assertThat(parse("{\"source\": \"salesforce_crm\", \"source_record_id\": 1042, \"profile_data\": {}}").sourceRecordId())
                .isEqualTo("1042");
    }

    @Test
    void a_null_source_record_id_means_none() {
        assertThat(parse("{\"source\": \"salesforce_crm\", \"source_record_id\": null, \"profile_data\": {}}").sourceRecordId()).isNull();
    }
}
