package io.onefold.core.schema;

import java.util.Set;

/**
 * One attribute of a {@link ProfileTemplate}, compiled: every option has its default filled in.
 *
 * @param maxValues       for {@code multiple}: the most values a profile may hold (merge protection for
 *                        identifiers, a cap for UNION); {@code null} = unlimited. Always 1 for a {@code single}
 *                        attribute, except one of type {@code array}, where it caps the elements UNION keeps.
 * @param linksProfiles   for identifiers: whether a shared value bridges profiles (false for a household phone)
 * @param blockedValues   normalized values never used for matching ({@code test@test.com})
 * @param updateBehavior  {@code null} when the template does not say (the source or rule may)
 * @param nullBehavior    {@code null} when the template does not say
 * @param searchable      whether the store indexes the attribute's golden values, so that a search on it reads the
 *                        index instead of scanning the organization's profiles (never an identifier: those are looked up)
 */
public record AttributeDefinition(
        String name,
        AttributeType type,
        boolean identifier,
        boolean required,
        Cardinality cardinality,
        Normalization normalization,
        Integer maxValues,
        boolean linksProfiles,
        Set<String> blockedValues,
        UpdateBehavior updateBehavior,
        NullBehavior nullBehavior,
        String description,
        boolean searchable) {

    public AttributeDefinition {
        blockedValues = Set.copyOf(blockedValues);
    }

    public boolean single() {
        return cardinality == Cardinality.SINGLE;
    }

    /** Whether a search can compare the attribute's values (or, for a multiple attribute, its elements) with one value. */
    public boolean searchableByValue() {
        return type != AttributeType.OBJECT && type != AttributeType.ARRAY;
    }

    /** A linking identifier: its values belong to at most one profile and can bridge profiles. */
    public boolean linking() {
        return identifier && linksProfiles;
    }
}
