package io.onefold.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** A link's evidence on the wire: a probabilistic score as its object, anything else as the text it is. */
class LinkEvidenceTest {
    @Test
    void a_probabilistic_score_is_answered_as_an_object() {
        JsonNode e = LinkEvidence.of("{\"matched_by\":\"probabilistic\",\"match_probability\":0.995,\"comparisons\":[{\"attribute\":\"surname\",\"level\":0}]}");
        assertThat(e.isObject()).isTrue();
        assertThat(e.get("matched_by").asText()).isEqualTo("probabilistic");
        assertThat(e.at("/comparisons/0/attribute").asText()).isEqualTo("surname");
    }

    @Test
    void text_stays_text_even_when_it_starts_with_a_brace() {
        assertThat(LinkEvidence.of("observation from crm matched on email").asText()).isEqualTo("observation from crm matched on email");
        assertThat(LinkEvidence.of("{not json, an operator's reason").isTextual()).isTrue();
        assertThat(LinkEvidence.of("{\"a\": 1} and more").isTextual()).isTrue();
        assertThat(LinkEvidence.of(null).isNull()).isTrue();
    }
}
