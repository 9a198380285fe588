package io.onefold.service;

import io.onefold.core.error.OnefoldException;
import io.onefold.core.identity.ProfileStatus;
import io.onefold.core.json.CanonicalJson;
import io.onefold.store.ChangeEvent;
import io.onefold.store.StoredProfile;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a run of upserts left, as text two runs can be compared on: every answer (status, outcome or error code, replay,
 * body or message and details), every profile row the answers name or the store holds as active (status, survivor,
 * version, identifiers, aliases, golden attributes; the lineage of an active one), and the organization's change events
 * in order (type, profile, time, payload). Profile ids are random, so each is renamed {@code P1, P2…} in order of first
 * appearance: two runs that created the same profiles in the same order compare equal.
 */
final class UpsertSnapshot {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private UpsertSnapshot() {}

    /** One answer: an {@link UpsertResponse} or the {@link OnefoldException} that refused the request. */
    static String answer(Object outcome) {
        return switch (outcome) {
            case UpsertResponse r -> r.status() + " " + r.outcome() + (r.replayed() ? " replayed " : " applied ") + CanonicalJson.of(r.body());
            case OnefoldException e -> "refused " + e.code() + " refused " + e.getMessage() + " " + e.details();
            default -> throw new IllegalArgumentException("not an upsert outcome: " + outcome);
        };
    }

    static String of(ServiceFixture f, String org, List<String> answers) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < answers.size(); i++) out.append(i + 1).append(": ").append(answers.get(i)).append('\n');
        Set<String> ids = new LinkedHashSet<>();
        Matcher m = ID.matcher(out);
        while (m.find()) ids.add(m.group());
        ids.addAll(f.store.profiles().activeProfileIds(org, null, 100_000));
        ids.remove(UpsertSequences.UNKNOWN_PROFILE);
        for (String id : ids) {
            StoredProfile p = f.store.profiles().profile(org, id).orElse(null);
            if (p == null) {
                out.append(id).append(" absent\n");
                continue;
            }
            out.append(id).append(' ').append(p.status()).append(p.survivorId() == null ? "" : " into " + p.survivorId()).append(" v").append(p.version());
            if (p.status() == ProfileStatus.ACTIVE) {
                out.append(' ').append(CanonicalJson.of(ProfileDocuments.of(p, null))).append("\n  lineage ")
                        .append(CanonicalJson.of(f.service.queries().lineage(org, id)));
            }
            out.append('\n');
        }
        for (ChangeEvent e : f.service.queries().changesSince(org, 0, 100_000)) {
            out.append(e.type()).append(' ').append(e.profileId()).append(' ').append(e.at()).append(' ').append(CanonicalJson.of(e.payload())).append('\n');
        }
        return renamed(out.toString());
    }

    /** Every profile id replaced by its rank of first appearance. */
    static String renamed(String text) {
        Map<String, String> names = new LinkedHashMap<>();
        Matcher m = ID.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) m.appendReplacement(out, names.computeIfAbsent(m.group(), id -> "P" + (names.size() + 1)));
        m.appendTail(out);
        return out.toString();
    }
}
