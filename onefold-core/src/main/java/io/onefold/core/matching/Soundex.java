package io.onefold.core.matching;

/**
 * American Soundex (as the US National Archives define it): the first letter, then the digits of the following
 * consonants, letters with the same digit side by side (or separated only by 'h' or 'w') coded once, vowels dropping
 * out but separating, padded or cut to four characters. A blocking key that survives most spelling variants of a
 * name ("smith", "smyth", "smithe" are all S530). Characters other than the letters a–z are ignored; a value without
 * any has no code.
 */
public final class Soundex {
    /** The digit of each letter a–z; '0' for vowels and y, '-' for h and w. */
    private static final String CODES = "0123012-02245501262301-202";

    private Soundex() {}

    /** The four-character code, or null when the value has no letter a–z. */
    public static String code(String value) {
        StringBuilder out = new StringBuilder(4);
        char previous = 0;
        for (int i = 0; i < value.length() && out.length() < 4; i++) {
            char c = Character.toLowerCase(value.charAt(i));
            if (c < 'a' || c > 'z') continue;
            char digit = CODES.charAt(c - 'a');
            if (out.isEmpty()) {
                out.append(Character.toUpperCase(c));
                previous = digit;
                continue;
            }
            if (digit == '-') continue; // h and w do not separate letters of the same digit
            if (digit != '0' && digit != previous) out.append(digit);
            previous = digit;
        }
        if (out.isEmpty()) return null;
        while (out.length() < 4) out.append('0');
        return out.toString();
    }
}
