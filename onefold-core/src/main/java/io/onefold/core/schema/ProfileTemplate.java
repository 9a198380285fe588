package io.onefold.core.schema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** A compiled, immutable profile template (schema): the attributes a profile may carry. */
public final class ProfileTemplate {
    private final String name;
    private final String description;
    private final Map<String, AttributeDefinition> attributes;
    private final List<AttributeDefinition> identifiers;
    private final Set<String> searchable;

    public ProfileTemplate(String name, String description, List<AttributeDefinition> attributes) {
        this.name = name;
        this.description = description;
        Map<String, AttributeDefinition> byName = new LinkedHashMap<>();
        for (AttributeDefinition a : attributes) byName.put(a.name(), a);
        this.attributes = Collections.unmodifiableMap(byName);
        this.identifiers = attributes.stream().filter(AttributeDefinition::identifier).toList();
        this.searchable = Collections.unmodifiableSet(new TreeSet<>(attributes.stream().filter(AttributeDefinition::searchable).map(AttributeDefinition::name).toList()));
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** In declaration order. */
    public Map<String, AttributeDefinition> attributes() {
        return attributes;
    }

    public Optional<AttributeDefinition> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    public List<AttributeDefinition> identifiers() {
        return identifiers;
    }

    /** The attributes marked {@code searchable}, by name (sorted): the store indexes their golden values. */
    public Set<String> searchable() {
        return searchable;
    }
}
