package io.onefold.core.schema;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.Locale;

/**
 * Normalizes identifier values before matching, so that {@code " John@X.com "} and {@code john@x.com}
 * find the same profile. Every value first loses Unicode's default-ignorable code points (a zero-width space
 * pasted into an email) and surrounding whitespace. Phones get one value per number however typed
 * ({@link PhoneNormalizer}): E.164 when libphonenumber validates them with the configurable default region, else
 * {@code +<country code><national number>} — the guide's own sample {@code +15550199} is invalid, and rejecting it
 * would break its client.
 *
 * <p>{@link #VERSION} names these rules. Values stored under earlier rules are normalized again when a store is
 * opened by a version with newer rules (see the service's identifier migration).
 */
public final class IdentifierNormalizer {
    /**
     * The version of the normalization rules. 1: trim, lower-case emails, phones as libphonenumber's E.164.
     * 2: default-ignorable code points removed; invalid phones without national prefixes.
     */
    public static final int VERSION = 2;

    private final String defaultRegion;
    private final PhoneNormalizer phones;

    public IdentifierNormalizer(String defaultRegion) {
        String region = defaultRegion == null ? "US" : defaultRegion.toUpperCase(Locale.ROOT);
        if (!PhoneNumberUtil.getInstance().getSupportedRegions().contains(region)) {
            throw new IllegalArgumentException("unknown phone region '" + defaultRegion + "'");
        }
        this.defaultRegion = region;
        this.phones = new PhoneNormalizer(region);
    }

    public String defaultRegion() {
        return defaultRegion;
    }

    /** The outcome: a normalized value, or the reason the value cannot be normalized. */
    public sealed interface Result {
        record Ok(String value) implements Result {}

        record Invalid(String reason) implements Result {}
    }

    public Result normalize(Normalization normalization, String raw) {
        String value = DefaultIgnorables.strip(raw).strip();
        if (value.isEmpty()) return new Result.Invalid("must not be blank");
        return switch (normalization) {
            case EMAIL -> email(value);
            case PHONE -> phones.normalize(value);
            case NONE -> new Result.Ok(value);
        };
    }

    private static Result email(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        int at = lower.indexOf('@');
        if (at < 0) return new Result.Invalid("not an email address: no '@'");
        if (at != lower.lastIndexOf('@')) return new Result.Invalid("not an email address: more than one '@'");
        String local = lower.substring(0, at);
        String domain = lower.substring(at + 1);
        if (local.isEmpty()) return new Result.Invalid("not an email address: nothing before '@'");
        if (domain.isEmpty() || domain.startsWith(".") || domain.endsWith(".") || domain.contains(".."))
            return new Result.Invalid("not an email address: malformed domain");
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || c == ',' || c == '<' || c == '>')
                return new Result.Invalid("not an email address: contains '" + (Character.isWhitespace(c) ? "whitespace" : String.valueOf(c)) + "'");
        }
        return new Result.Ok(lower);
    }

    /** Whether libphonenumber considers the (normalized) number valid; informational only. */
    public boolean validPhone(String normalized) {
        return phones.valid(normalized);
    }
}
