package io.onefold.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;

/**
 * The canonical form is a contract (stored rows, event streams, the register order): the faster writer must give
 * exactly the text the writer before it gave ({@link CanonicalJsonBefore}), for every value, through both of its doors.
 */
class CanonicalJsonProperties {
    @Provide
    Arbitrary<JsonNode> json() {
        return JsonValues.values();
    }

    @Property(tries = 3000)
    void of_gives_the_text_the_writer_before_it_gave(@ForAll("json") JsonNode value) {
        assertThat(CanonicalJson.of(value)).isEqualTo(CanonicalJsonBefore.of(value));
    }

    @Property(tries = 1000)
    void write_appends_that_same_text_after_what_the_builder_holds(@ForAll("json") JsonNode value) {
        StringBuilder out = new StringBuilder("{\"k\":");
        CanonicalJson.write(value, out);
        assertThat(out.toString()).isEqualTo("{\"k\":" + CanonicalJsonBefore.of(value));
    }

    @Property(tries = 1000)
    void quote_writes_text_as_the_writer_before_wrote_a_text_node(@ForAll("texts") String text) {
        StringBuilder out = new StringBuilder();
        CanonicalJson.quote(text, out);
        assertThat(out.toString()).isEqualTo(CanonicalJsonBefore.of(Json.NODES.textNode(text)));
    }

    @Provide
    Arbitrary<String> texts() {
        return JsonValues.texts();
    }
}
