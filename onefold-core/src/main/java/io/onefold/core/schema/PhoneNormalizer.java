package io.onefold.core.schema;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One value per phone number, however it is typed: spaces, dashes, dots, parentheses, a national prefix, a
 * {@code +} and country code, an international call prefix.
 *
 * <ol>
 *   <li>libphonenumber parses the value with the default region (a number without country code is of that region).</li>
 *   <li>A valid number is its E.164 form.</li>
 *   <li>A number it parses but cannot validate (the guide's own {@code +15550199}) keeps the country code and national
 *       number the parse gave, as {@code +<country code><national number>} — without national prefixes. libphonenumber
 *       strips a national prefix only when what remains has a possible length, so {@code 1 555 0199} parses in the US as
 *       national number {@code 15550199} while {@code 555 0199} and {@code +1 555 0199} give {@code 5550199}: a national
 *       number that starts with the national prefix of its country ({@code 1} in the US, {@code 0} in most of Europe)
 *       loses it, and is parsed again, until the number is valid or no prefix is left. A valid number never loses a
 *       digit; an invalid one is read as prefix and number, which is what it is wherever national numbers do not start
 *       with the prefix (the US, where none starts with 1).</li>
 *   <li>What cannot be parsed at all is {@code +} and its digits.</li>
 * </ol>
 * The result is stable: normalizing it again gives it back (stored values can be re-normalized by a migration).
 */
final class PhoneNormalizer {
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    /** Country calling code → its national (trunk) prefix, "" when it has none. */
    private static final Map<Integer, String> NATIONAL_PREFIXES = new ConcurrentHashMap<>();
    private static final int CACHE_SIZE = 50_000;

    private final String defaultRegion;
    /**
     * libphonenumber's parse is the costliest step of validating an upsert, and a customer's systems resend the
     * same few spellings: remember the last results (bounded; cleared wholesale when full — simple and safe).
     */
    private final Map<String, IdentifierNormalizer.Result> cache = new ConcurrentHashMap<>();

    PhoneNormalizer(String defaultRegion) {
        this.defaultRegion = defaultRegion;
    }

    IdentifierNormalizer.Result normalize(String value) {
        IdentifierNormalizer.Result cached = cache.get(value);
        if (cached != null) return cached;
        IdentifierNormalizer.Result computed = compute(value);
        if (cache.size() >= CACHE_SIZE) cache.clear();
        cache.put(value, computed);
        return computed;
    }

    private IdentifierNormalizer.Result compute(String value) {
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= '0' && c <= '9') digits.append(c);
            else if (Character.isLetter(c) && !value.regionMatches(true, i, "ext", 0, 3) && digits.length() == 0)
                return new IdentifierNormalizer.Result.Invalid("not a phone number: contains letters");
        }
        if (digits.isEmpty()) return new IdentifierNormalizer.Result.Invalid("not a phone number: no digits");
        if (digits.length() > 17) return new IdentifierNormalizer.Result.Invalid("not a phone number: too many digits");
        return new IdentifierNormalizer.Result.Ok(parse(value, defaultRegion)
                .map(n -> PHONES.format(withoutNationalPrefix(n), PhoneNumberFormat.E164))
                .orElse("+" + digits));
    }

    /** The number itself when valid; otherwise its national number loses leading national prefixes (step 3). */
    private static PhoneNumber withoutNationalPrefix(PhoneNumber parsed) {
        String prefix = nationalPrefix(parsed.getCountryCode());
        PhoneNumber n = parsed;
        while (!prefix.isEmpty() && !PHONES.isValidNumber(n)) {
            String national = PHONES.getNationalSignificantNumber(n);
            if (!national.startsWith(prefix)) break;
            Optional<PhoneNumber> stripped = parse("+" + n.getCountryCode() + national.substring(prefix.length()), "ZZ");
            // too short to be a number once stripped, or not shorter (a region's own parsing rules): keep what we have
            if (stripped.isEmpty() || stripped.get().getCountryCode() != n.getCountryCode()
                    || PHONES.getNationalSignificantNumber(stripped.get()).length() >= national.length()) break;
            n = stripped.get();
        }
        return n;
    }

    private static String nationalPrefix(int countryCode) {
        return NATIONAL_PREFIXES.computeIfAbsent(countryCode, cc -> {
            String region = PHONES.getRegionCodeForCountryCode(cc);
            // non-geographic codes (+800, +882...) have no national prefix; asking would only log a warning
            if (!PHONES.getSupportedRegions().contains(region)) return "";
            String prefix = PHONES.getNddPrefixForRegion(region, true);
            return prefix == null ? "" : prefix;
        });
    }

    private static Optional<PhoneNumber> parse(String value, String region) {
        try {
            return Optional.of(PHONES.parse(value, region));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /** Whether libphonenumber considers the (normalized) number valid. */
    boolean valid(String normalized) {
        return parse(normalized, defaultRegion).map(PHONES::isValidNumber).orElse(false);
    }
}
