package io.onefold.core.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Promise: every spelling of one phone number — spaces, dashes, dots, parentheses, the national prefix, {@code +} and
 * country code, the international call prefix — normalizes to one value, under each default region.
 *
 * <p>Random numbers (valid ones derived from libphonenumber's examples, and arbitrary digit strings, mostly invalid) ×
 * random spellings × a few default regions. The oracle is libphonenumber's own parse of the unambiguous spelling
 * {@code +<country code><national number>}: its E.164 form is the expected value. Numbers whose national spelling is
 * ambiguous in itself are left out: a national number starting with its country's national prefix (is the {@code 1}
 * of {@code 1 555 0123} a prefix?) or with its country code (libphonenumber may read it as one).
 */
class PhoneSpellingProperties {
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final List<String> REGIONS = List.of("US", "GB", "DE", "FR");
    /** Each region's international call prefix (not public in libphonenumber's API). */
    private static final Map<String, String> INTERNATIONAL_PREFIX = Map.of("US", "011", "GB", "00", "DE", "00", "FR", "00");

    /** A number: the region it belongs to and its national significant number. */
    record Number(String region, String national) {
        int countryCode() {
            return PHONES.getCountryCodeForRegion(region);
        }

        String nationalPrefix() {
            String p = PHONES.getNddPrefixForRegion(region, true);
            return p == null ? "" : p;
        }
    }

    /** How the number is typed, read under {@code defaultRegion}. */
    record Spelling(String defaultRegion, String text) {}

    @Provide
    Arbitrary<Number> numbers() {
        Arbitrary<String> region = Arbitraries.of(REGIONS);
        Arbitrary<Number> valid = Combinators.combine(region, Arbitraries.of(PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE),
                Arbitraries.strings().numeric().ofLength(3)).as((r, type, tail) -> {
                    String example = PHONES.getNationalSignificantNumber(PHONES.getExampleNumberForType(r, type));
                    return new Number(r, example.substring(0, example.length() - 3) + tail);
                });
        Arbitrary<Number> arbitrary = Combinators.combine(region, Arbitraries.integers().between(2, 9),
                Arbitraries.strings().numeric().ofMinLength(2).ofMaxLength(11)).as((r, first, rest) -> new Number(r, first + rest));
        return Arbitraries.oneOf(valid, arbitrary);
    }

    @Property(tries = 3000)
    void everySpellingOfOneNumberGivesOneValue(@ForAll("numbers") Number number, @ForAll boolean atHome, @ForAll("defaultRegions") String elsewhere,
                                               @ForAll("separators") List<String> separators, @ForAll boolean parentheses) {
        String defaultRegion = atHome ? number.region() : elsewhere;
        PhoneNumber oracle = oracle(number);
        String expected = PHONES.format(oracle, PhoneNumberFormat.E164);
        Statistics.label("valid").collect(PHONES.isValidNumber(oracle));
        Statistics.label("home region").collect(number.region().equals(defaultRegion));
        IdentifierNormalizer normalizer = new IdentifierNormalizer(defaultRegion);
        for (Spelling s : spellings(number, defaultRegion, separators, parentheses)) {
            assertThat(normalize(normalizer, s.text())).as("%s read in %s (number %s)", s.text(), defaultRegion, number).isEqualTo(expected);
        }
    }

    @Property(tries = 1000)
    void aNormalizedNumberNormalizesToItselfUnderEveryRegion(@ForAll("numbers") Number number, @ForAll("defaultRegions") String home,
                                                             @ForAll("defaultRegions") String elsewhere, @ForAll boolean withPrefix) {
        String typed = (withPrefix ? number.nationalPrefix() + " " : "") + number.national();
        String once = normalize(new IdentifierNormalizer(home), typed);
        assertThat(normalize(new IdentifierNormalizer(home), once)).as("%s again in %s", once, home).isEqualTo(once);
        assertThat(normalize(new IdentifierNormalizer(elsewhere), once)).as("%s in %s", once, elsewhere).isEqualTo(once);
    }

    @Provide
    Arbitrary<String> defaultRegions() {
        return Arbitraries.of(REGIONS);
    }

    @Provide
    Arbitrary<List<String>> separators() {
        return Arbitraries.of(" ", "-", ".", "", " - ").list().ofSize(6);
    }

    /** libphonenumber's parse of {@code +<cc><national>}; the number is left out when that spelling is ambiguous. */
    private static PhoneNumber oracle(Number number) {
        String national = number.national();
        Assume.that(number.nationalPrefix().isEmpty() || !national.startsWith(number.nationalPrefix()));
        Assume.that(!national.startsWith(Integer.toString(number.countryCode())));
        try {
            PhoneNumber parsed = PHONES.parse("+" + number.countryCode() + national, "ZZ");
            Assume.that(PHONES.getNationalSignificantNumber(parsed).equals(national));
            return parsed;
        } catch (NumberParseException e) {
            Assume.that(false);
            throw new AssertionError(e);
        }
    }

    /** National and with the national prefix (at home only); international, also with {@code (0)}; with the call prefix. */
    private static List<Spelling> spellings(Number number, String defaultRegion, List<String> sep, boolean parentheses) {
        List<String> groups = groups(number.national(), parentheses);
        String body = join(groups, sep);
        String cc = Integer.toString(number.countryCode());
        List<Spelling> out = new ArrayList<>();
        if (number.region().equals(defaultRegion)) {
            out.add(new Spelling(defaultRegion, body));
            if (!number.nationalPrefix().isEmpty()) out.add(new Spelling(defaultRegion, number.nationalPrefix() + sep.get(0) + body));
        }
        out.add(new Spelling(defaultRegion, "+" + cc + sep.get(1) + body));
        out.add(new Spelling(defaultRegion, "+" + cc + number.national()));
        if (!number.nationalPrefix().isEmpty()) out.add(new Spelling(defaultRegion, "+" + cc + " (" + number.nationalPrefix() + ") " + body));
        out.add(new Spelling(defaultRegion, INTERNATIONAL_PREFIX.get(defaultRegion) + sep.get(2) + cc + sep.get(3) + body));
        return out;
    }

    /** The digits cut into groups of 2 to 4, the first one in parentheses when asked. */
    private static List<String> groups(String digits, boolean parentheses) {
        List<String> groups = new ArrayList<>();
        int i = 0;
        int size = 3;
        while (i < digits.length()) {
            int end = Math.min(digits.length(), i + size);
            groups.add(digits.substring(i, end));
            i = end;
            size = size == 3 ? 4 : size == 4 ? 2 : 3;
        }
        if (parentheses && groups.size() > 1) groups.set(0, "(" + groups.get(0) + ")");
        return groups;
    }

    private static String join(List<String> groups, List<String> sep) {
        StringBuilder out = new StringBuilder(groups.get(0));
        for (int i = 1; i < groups.size(); i++) out.append(sep.get(i % sep.size())).append(groups.get(i));
        return out.toString();
    }

    private static String normalize(IdentifierNormalizer normalizer, String text) {
        IdentifierNormalizer.Result r = normalizer.normalize(Normalization.PHONE, text);
        assertThat(r).as("%s is a phone number", text).isInstanceOf(IdentifierNormalizer.Result.Ok.class);
        return ((IdentifierNormalizer.Result.Ok) r).value();
    }
}
