package io.onefold.core.matching;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Labelled test records made up from a seed: people with a given name, surname, birth date, email and city, each
 * seen one to four times with the errors real sources make (a typo, a missing value, day and month swapped, a new
 * email domain, given name and surname swapped). Names are drawn with a skew, so that common names repeat across people as they do in real data.
 */
final class SyntheticPeople {
    static final List<String> COLUMNS = List.of("given_name", "surname", "dob", "email", "city");
    /** Syllables that names are made of: 20 × 20 given names and 20 × 20 × 20 surnames, drawn with a skew. */
    private static final String[] SYLLABLES = {"ma", "ri", "jo", "an", "el", "la", "so", "ph", "ia", "ol", "iv", "er", "ha",
            "rr", "ck", "th", "om", "as", "ed", "wa"};
    private static final String[] CITY = {"london", "leeds", "york", "bristol", "cardiff", "glasgow", "hull", "bath"};

    private SyntheticPeople() {}

    static List<LabelledRecord> generate(int people, long seed) {
        Random random = new Random(seed);
        List<LabelledRecord> records = new ArrayList<>();
        for (int p = 0; p < people; p++) {
            Map<String, String> person = new HashMap<>();
            person.put("given_name", name(random, 2));
            person.put("surname", name(random, 3));
            person.put("dob", LocalDate.of(1940, 1, 1).plusDays(random.nextInt(60 * 365)).toString());
            person.put("email", person.get("given_name").charAt(0) + person.get("surname") + random.nextInt(1000) + "@example.com");
            person.put("city", pick(random, CITY));
            int copies = 1 + random.nextInt(4);
            for (int c = 0; c < copies; c++) {
                Map<String, String> values = new HashMap<>(person);
                if (c > 0) corrupt(random, values);
                records.add(new LabelledRecord(p + "-" + c, null, Integer.toString(p), values));
            }
        }
        return records;
    }

    private static void corrupt(Random random, Map<String, String> values) {
        int errors = 1 + random.nextInt(2);
        for (int e = 0; e < errors; e++) {
            String column = COLUMNS.get(random.nextInt(COLUMNS.size()));
            String value = values.get(column);
            if (value == null) continue;
            switch (random.nextInt(4)) {
                case 0 -> values.remove(column);
                case 3 -> {
                    String given = values.get("given_name");
                    String surname = values.get("surname");
                    if (given != null && surname != null) {
                        values.put("given_name", surname);
                        values.put("surname", given);
                    }
                }
                case 1 -> values.put(column, column.equals("dob") ? swapDayMonth(value) : typo(random, value));
                default -> values.put(column, column.equals("email") ? value.replace("example.com", "mail.test") : typo(random, value));
            }
        }
    }

    private static String typo(Random random, String value) {
        int i = random.nextInt(value.length());
        char replacement = (char) ('a' + random.nextInt(26));
        return value.substring(0, i) + replacement + value.substring(i + 1);
    }

    private static String swapDayMonth(String iso) {
        return iso.substring(0, 5) + iso.substring(8, 10) + "-" + iso.substring(5, 7);
    }

    /** A name of {@code syllables} syllables, the first ones of the list far more often than the last. */
    private static String name(Random random, int syllables) {
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < syllables; i++) name.append(SYLLABLES[random.nextInt(1 + random.nextInt(SYLLABLES.length))]);
        return name.toString();
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    /** Inferred, untrained rules for {@link #COLUMNS} of the records. */
    static MatchingRules inferredRules(List<LabelledRecord> records) {
        return RuleInference.infer("synthetic", COLUMNS, records.stream().map(LabelledRecord::values).toList(), InferenceOptions.DEFAULTS);
    }

    static List<MatchRecord> prepared(MatchingRules rules, List<LabelledRecord> records) {
        return records.stream().map(r -> rules.prepare(r.id(), r.source(), r.values())).toList();
    }
}
