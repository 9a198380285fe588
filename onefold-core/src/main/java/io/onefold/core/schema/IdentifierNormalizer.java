package io.onefold.core.schema;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;
import java.util.Optional;

/**
 * Normalizes identifier values before matching, so that {@code " John@X.com "} and {@code john@x.com}
 * find the same profile. Phones go to E.164 through libphonenumber with a configurable default region;
 * a number libphonenumber parses but cannot validate (the guide's own sample {@code +15550199}) is kept
 * as {@code +} and its digits rather than rejected: rejecting the guide's sample would break its client.
 */
public final class IdentifierNormalizer {
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private final String defaultRegion;

    public IdentifierNormalizer(String defaultRegion) {
        String region = defaultRegion == null ? "US" : defaultRegion.toUpperCase(Locale.ROOT);
        if (!PHONES.getSupportedRegions().contains(region)) {
            throw new IllegalArgumentException("unknown phone region '" + defaultRegion + "'");
        }
        this.defaultRegion = region;
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
        String value = raw.strip();
        if (value.isEmpty()) return new Result.Invalid("must not be blank");
        return switch (normalization) {
            case EMAIL -> email(value);
            case PHONE -> phone(value);
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

    /**
     * libphonenumber's parse is the costliest step of validating an upsert, and a customer's systems resend the
     * same few spellings: remember the last results (bounded; cleared wholesale when full — simple and safe).
     */
    private final java.util.concurrent.ConcurrentHashMap<String, Result> phoneCache = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int PHONE_CACHE_SIZE = 50_000;

    private Result phone(String value) {
        Result cached = phoneCache.get(value);
        if (cached != null) return cached;
        Result computed = parsePhone(value);
        if (phoneCache.size() >= PHONE_CACHE_SIZE) phoneCache.clear();
        phoneCache.put(value, computed);
        return computed;
    }

    private Result parsePhone(String value) {
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= '0' && c <= '9') digits.append(c);
            else if (Character.isLetter(c) && !value.regionMatches(true, i, "ext", 0, 3) && digits.length() == 0)
                return new Result.Invalid("not a phone number: contains letters");
        }
        if (digits.isEmpty()) return new Result.Invalid("not a phone number: no digits");
        if (digits.length() > 17) return new Result.Invalid("not a phone number: too many digits");
        Optional<PhoneNumber> parsed = parse(value);
        if (parsed.isPresent()) {
            // valid or not, E.164 of what libphonenumber understood is canonical: "+1 555-0199" and "+15550199" agree
            return new Result.Ok(PHONES.format(parsed.get(), PhoneNumberUtil.PhoneNumberFormat.E164));
        }
        return new Result.Ok("+" + digits);
    }

    private Optional<PhoneNumber> parse(String value) {
        try {
            return Optional.of(PHONES.parse(value, defaultRegion));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /** Whether libphonenumber considers the (normalized) number valid; informational only. */
    public boolean validPhone(String normalized) {
        return parse(normalized).map(PHONES::isValidNumber).orElse(false);
    }
}
