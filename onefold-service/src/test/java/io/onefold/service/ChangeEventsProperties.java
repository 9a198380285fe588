package io.onefold.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.json.CanonicalJson;
import io.onefold.core.json.Json;
import io.onefold.core.json.JsonValues;
import java.util.Objects;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * An event's {@code changes} are stored as canonical text, which consumers and the history read back: building them in
 * another order must leave every stored byte as the diff before gave it, for any golden records before and after.
 */
class ChangeEventsProperties {
    @Provide
    Arbitrary<ObjectNode> goldens() {
        // few names, so that before and after share attributes, equal and different
        Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.of("email", "name", "phone", "tier", "address"), JsonValues.texts());
        Arbitrary<JsonNode> values = Arbitraries.oneOf(JsonValues.values(), Arbitraries.of("a", "b").map(Json.NODES::textNode));
        return Arbitraries.maps(names, values).ofMaxSize(6).map(m -> {
            ObjectNode o = Json.object();
            m.forEach(o::set);
            return o;
        });
    }

    @Property(tries = 1000)
    void the_stored_changes_are_those_the_diff_before_gave(@ForAll("goldens") ObjectNode before, @ForAll("goldens") ObjectNode after) {
        assertThat(CanonicalJson.of(ChangeEvents.diff(before, after))).isEqualTo(CanonicalJson.of(diffBefore(before, after)));
        assertThat(CanonicalJson.of(ChangeEvents.diff(null, after))).isEqualTo(CanonicalJson.of(diffBefore(null, after)));
        assertThat(ChangeEvents.diff(before, after)).isEqualTo(diffBefore(before, after));
    }

    /** {@link ChangeEvents#diff} as it was (commit 7e37f64). */
    private static ObjectNode diffBefore(JsonNode before, JsonNode after) {
        ObjectNode out = Json.object();
        TreeSet<String> names = new TreeSet<>();
        if (before != null) before.fieldNames().forEachRemaining(names::add);
        if (after != null) after.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            JsonNode o = before == null ? null : before.get(name);
            JsonNode n = after == null ? null : after.get(name);
            if (Objects.equals(o, n)) continue;
            ObjectNode c = out.putObject(name);
            c.set("old", o == null ? Json.NODES.nullNode() : o);
            c.set("new", n == null ? Json.NODES.nullNode() : n);
        }
        return out;
    }
}
