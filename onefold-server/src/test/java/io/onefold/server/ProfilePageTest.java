package io.onefold.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.json.Json;
import io.onefold.service.ProfileDocument;
import io.onefold.store.SearchPage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A page joined from its profiles' bytes is the very answer rendering the equivalent tree gives. */
class ProfilePageTest {
    private static ProfileDocument doc(String id, String name) {
        ObjectNode d = Json.object();
        d.put("profile_id", id);
        d.putObject("attributes").put("name", name);
        return new ProfileDocument(id, JsonBytes.of(d));
    }

    private static byte[] tree(SearchPage<ProfileDocument> page) {
        ObjectNode out = Json.object();
        ArrayNode entities = out.putArray("entities");
        for (ProfileDocument d : page.items()) entities.add(d.tree());
        if (page.nextCursor() == null) out.putNull("next_cursor");
        else out.put("next_cursor", page.nextCursor());
        out.put("scanned", page.scanned());
        return JsonBytes.of(out);
    }

    @Test
    void joinedBytesEqualTheTreesRendering() {
        List<ProfileDocument> docs = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            for (String cursor : new String[] {null, "0190f5c2-0000-7000-8000-000000000001"}) {
                for (boolean scanned : new boolean[] {false, true}) {
                    SearchPage<ProfileDocument> page = new SearchPage<>(List.copyOf(docs), cursor, scanned);
                    assertThat(new String(ProfilePage.json(page), StandardCharsets.UTF_8)).isEqualTo(new String(tree(page), StandardCharsets.UTF_8));
                }
            }
            docs.add(doc("p" + n, "Zoë \"Z\" 😀 " + n));
        }
    }
}
