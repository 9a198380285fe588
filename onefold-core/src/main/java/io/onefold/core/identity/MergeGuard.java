package io.onefold.core.identity;

import io.onefold.core.error.IdentifierConflictException;
import io.onefold.core.model.ProfileIdentifiers;
import io.onefold.core.schema.AttributeDefinition;
import io.onefold.core.schema.ProfileTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;

/**
 * Merge protection: the one place that decides whether profiles may become one. Each rule is a named
 * predicate; the first that refuses raises {@code IDENTIFIER_CONFLICT} naming the profiles and the attribute,
 * before anything is written. Non-linking and blocked values never reach here: they never bridge.
 */
final class MergeGuard {
    private final ProfileTemplate template;

    MergeGuard(ProfileTemplate template) {
        this.template = template;
    }

    /** A profile about to take part in a merge, with its identifiers as they stand. */
    record Party(String profileId, ProfileIdentifiers identifiers) {}

    /**
     * An automatic merge: the observation's identifiers bridge {@code parties}. {@code incoming} are the
     * observation's values for each identifier attribute that no party holds yet.
     */
    void checkAutomatic(List<Party> parties, Map<String, Set<String>> incoming, BiPredicate<String, String> neverSame) {
        neverTheSamePerson(parties, neverSame);
        singleIdentifierKeepsOneValue(parties, incoming);
        maxValuesHold(parties, incoming);
    }

    /** A manual merge: differing single identifiers become aliases, but "never the same" and limits still hold. */
    void checkManual(List<Party> parties, BiPredicate<String, String> neverSame) {
        neverTheSamePerson(parties, neverSame);
        maxValuesHold(parties, Map.of());
    }

    private static void neverTheSamePerson(List<Party> parties, BiPredicate<String, String> neverSame) {
        for (int i = 0; i < parties.size(); i++) {
            for (int j = i + 1; j < parties.size(); j++) {
                String a = parties.get(i).profileId();
                String b = parties.get(j).profileId();
                if (neverSame.test(a, b)) {
                    throw new IdentifierConflictException(null, List.of(a, b),
                            "profiles " + a + " and " + b + " are linked as never the same person; they cannot merge");
                }
            }
        }
    }

    private void singleIdentifierKeepsOneValue(List<Party> parties, Map<String, Set<String>> incoming) {
        for (AttributeDefinition def : template.identifiers()) {
            if (!def.single()) continue;
            Set<String> values = new TreeSet<>(incoming.getOrDefault(def.name(), Set.of()));
            List<String> holders = new ArrayList<>();
            for (Party p : parties) {
                Set<String> current = p.identifiers().current(def.name());
                if (!current.isEmpty()) holders.add(p.profileId());
                values.addAll(current);
            }
            if (values.size() > 1) {
                throw new IdentifierConflictException(def.name(), ids(parties),
                        "merging profiles " + String.join(", ", ids(parties)) + " would give '" + def.name()
                                + "' (a single identifier) " + values.size() + " current values");
            }
        }
    }

    private void maxValuesHold(List<Party> parties, Map<String, Set<String>> incoming) {
        for (AttributeDefinition def : template.identifiers()) {
            if (def.single() || def.maxValues() == null) continue;
            Set<String> values = new TreeSet<>(incoming.getOrDefault(def.name(), Set.of()));
            for (Party p : parties) values.addAll(p.identifiers().current(def.name()));
            if (values.size() > def.maxValues()) {
                throw new IdentifierConflictException(def.name(), ids(parties),
                        "merging profiles " + String.join(", ", ids(parties)) + " would give '" + def.name() + "' "
                                + values.size() + " values; max_values is " + def.maxValues());
            }
        }
    }

    private static List<String> ids(List<Party> parties) {
        return parties.stream().map(Party::profileId).toList();
    }
}
