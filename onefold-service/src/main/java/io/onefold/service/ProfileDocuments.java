package io.onefold.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.identity.ProfileView;
import io.onefold.core.json.Json;
import io.onefold.core.json.ProfileJson;
import io.onefold.core.model.ProfileIdentifiers;
import io.onefold.store.StoredProfile;

/** The wire shape of a profile read: {@code profile_id, identifiers, aliases, attributes, created_at, updated_at, version}. */
final class ProfileDocuments {
    private ProfileDocuments() {}

    static ObjectNode of(StoredProfile p, String redirectedFrom) {
        ObjectNode out = Json.object();
        out.put("profile_id", p.id());
        out.set("identifiers", ProfileJson.identifiers(ProfileIdentifiers.asLists(p.identifiers().current())));
        out.set("aliases", ProfileJson.identifiers(ProfileIdentifiers.asLists(p.identifiers().aliases())));
        out.set("attributes", p.attributes() == null ? Json.object() : p.attributes());
        out.put("created_at", p.createdAt().toString());
        out.put("updated_at", p.updatedAt().toString());
        out.put("version", p.version());
        if (redirectedFrom != null) out.put("redirected_from", redirectedFrom);
        return out;
    }

    static ObjectNode of(ProfileView v, java.time.Instant updatedAt) {
        ObjectNode out = Json.object();
        out.put("profile_id", v.profileId());
        out.set("identifiers", ProfileJson.identifiers(ProfileIdentifiers.asLists(v.identifiers().current())));
        out.set("aliases", ProfileJson.identifiers(ProfileIdentifiers.asLists(v.identifiers().aliases())));
        out.set("attributes", v.golden().attributes().deepCopy());
        out.put("created_at", v.createdAt().toString());
        out.put("updated_at", updatedAt.toString());
        out.put("version", v.version());
        if (v.redirectedFrom() != null) out.put("redirected_from", v.redirectedFrom());
        return out;
    }
}
