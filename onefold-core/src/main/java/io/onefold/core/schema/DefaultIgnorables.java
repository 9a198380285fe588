package io.onefold.core.schema;

/**
 * Unicode's default-ignorable code points (property {@code Default_Ignorable_Code_Point}, DerivedCoreProperties.txt):
 * characters that render as nothing — a zero-width space, a soft hyphen, a byte-order mark, bidirectional marks,
 * variation selectors, tags. Pasted into an identifier they make a value that looks the same and matches nothing,
 * so identifier normalization removes them. The table includes the unassigned code points Unicode reserves for
 * future ignorables; it was checked against Perl's {@code \p{Default_Ignorable_Code_Point}} (Unicode 14).
 */
final class DefaultIgnorables {
    private DefaultIgnorables() {}

    /** Inclusive ranges, ascending. */
    private static final int[][] RANGES = {
            {0x00AD, 0x00AD}, {0x034F, 0x034F}, {0x061C, 0x061C}, {0x115F, 0x1160}, {0x17B4, 0x17B5}, {0x180B, 0x180F},
            {0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x206F}, {0x3164, 0x3164}, {0xFE00, 0xFE0F}, {0xFEFF, 0xFEFF},
            {0xFFA0, 0xFFA0}, {0xFFF0, 0xFFF8}, {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A}, {0xE0000, 0xE0FFF},
    };

    static boolean ignorable(int codePoint) {
        if (codePoint < RANGES[0][0]) return false;
        for (int[] range : RANGES) {
            if (codePoint < range[0]) return false;
            if (codePoint <= range[1]) return true;
        }
        return false;
    }

    /** {@code text} without its default-ignorable code points (the same instance when it has none). */
    static String strip(String text) {
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (ignorable(cp)) break;
            i += Character.charCount(cp);
        }
        if (i == text.length()) return text;
        StringBuilder out = new StringBuilder(text.length()).append(text, 0, i);
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (!ignorable(cp)) out.appendCodePoint(cp);
            i += Character.charCount(cp);
        }
        return out.toString();
    }
}
