package io.onefold.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.json.Json;
import io.onefold.service.UpsertSender.Sent;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * Random upsert sequences for the omnichannel example (template and rules of examples/retail): a few customers known
 * by email (single, linking), phones (multiple, linking), a CRM record each, and a household landline (non-linking)
 * two of them share. The sequence mixes
 * <ul>
 *   <li>creates and updates from the CRM (the identifier authority: a new email is a transfer, another customer's
 *       email a conflict), web chat (partial records with explicit nulls and explicit overrides) and IVR calls;</li>
 *   <li>chats naming another customer's phone: a merge of two profiles through a linking identifier, or a 409 when
 *       both profiles have an email;</li>
 *   <li>household calls (found only when exactly one profile holds the landline);</li>
 *   <li>upserts naming a {@code profile_id} (one the prelude created, or none: 404);</li>
 *   <li>refusals decided on the caller's thread (bad types, an invalid or a repeated single value) and in the writer
 *       (an unknown source, only a blocked value);</li>
 *   <li>idempotency keys from a small pool (another body: 422), and repeats of an earlier request (same body and
 *       key: a replay).</li>
 * </ul>
 * A {@link Sequence} starts with a short prelude of creates, sent one by one before the sequence proper: the profiles
 * its {@code profile_id}s can name, whatever way the sequence is then sent.
 */
final class UpsertSequences {
    static final int PERSONS = 5;
    /** A well-formed profile id no store holds. */
    static final String UNKNOWN_PROFILE = "0190aaaa-0000-7000-8000-000000000000";
    private static final String HOUSEHOLD = "415-555-0999";
    private static final String[] TIERS = {"Bronze", "Silver", "Gold", "Platinum"};

    private UpsertSequences() {}

    /** A generated upsert; {@code key}: index into the idempotency key pool, or -1 for none. */
    sealed interface Op {
        int key();
    }

    /** @param email 0 the customer's, 1 a new one of theirs (a transfer by the authority), 2 the next customer's */
    record Crm(int person, int email, boolean phone, int tier, int value, int day, boolean household, int key) implements Op {}

    /**
     * @param bridge the customer whose phone the chat names too (their own: the chat and call profiles merge; another's:
     *               a merge, or a 409 when both have an email), or -1
     * @param extra  what else it says (0-4)
     */
    record Chat(int person, int bridge, int extra, int day, int key) implements Op {}

    record Ivr(int person, int order, int day, int key) implements Op {}

    record Household(int intent, int day, int key) implements Op {}

    /** @param ref which prelude answer's profile (none when it has none); @param emailOf a customer's email too, or -1 */
    record ByProfileId(int ref, int emailOf, int day, int key) implements Op {}

    /** @param kind 0 unknown source, 1 a number for a string, 2 an invalid email, 3 only a blocked value, 4 two emails */
    record Refused(int kind, int person, int key) implements Op {}

    /** The request sent {@code back} requests earlier, again: the same body with the same key. */
    record Repeat(int back) implements Op {
        public int key() {
            return -1;
        }
    }

    record Sequence(List<Op> prelude, List<Op> ops) {}

    static Arbitrary<Sequence> sequences(int maxLength) {
        Arbitrary<Op> creating = Arbitraries.oneOf(crm(Arbitraries.just(-1)), chat(Arbitraries.just(-1)), ivr(Arbitraries.just(-1)),
                household(Arbitraries.just(-1)));
        Arbitrary<Integer> key = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(-1)), Tuple.of(1, Arbitraries.integers().between(0, 9)));
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                Tuple.of(4, crm(key)),
                Tuple.of(5, chat(key)),
                Tuple.of(3, ivr(key)),
                Tuple.of(1, household(key)),
                Tuple.of(1, Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.integers().between(-1, PERSONS - 1), day(), key)
                        .as(ByProfileId::new)),
                Tuple.of(1, Combinators.combine(Arbitraries.integers().between(0, 4), person(), key).as(Refused::new)),
                Tuple.of(3, Arbitraries.integers().between(1, 4).map(Repeat::new)));
        return Combinators.combine(creating.list().ofMinSize(1).ofMaxSize(4),
                op.list().ofMinSize(1).ofMaxSize(maxLength).withSizeDistribution(RandomDistribution.uniform())).as(Sequence::new);
    }

    private static Arbitrary<Integer> person() {
        return Arbitraries.integers().between(0, PERSONS - 1);
    }

    /** A day of November 2026; 0 (now and then): no observed_at, i.e. the time of receipt. */
    private static Arbitrary<Integer> day() {
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(0)), Tuple.of(6, Arbitraries.integers().between(1, 27)));
    }

    private static Arbitrary<Op> crm(Arbitrary<Integer> key) {
        return Combinators.combine(person(), Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(0)), Tuple.of(1, Arbitraries.just(1)),
                        Tuple.of(1, Arbitraries.just(2))), Arbitraries.of(true, false), Arbitraries.integers().between(-1, 3),
                Arbitraries.integers().between(0, 5000), day(), Arbitraries.of(true, false), key).as(Crm::new);
    }

    private static Arbitrary<Op> chat(Arbitrary<Integer> key) {
        // own phone twice as often as another's: the chat and call profiles of one customer merge, two customers conflict
        return Combinators.combine(person(), Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 4), day(), key)
                .as((person, bridge, extra, day, k) -> new Chat(person, switch (bridge) {
                    case 0, 1 -> -1;
                    case 2, 3 -> person;
                    default -> (person + 1) % PERSONS;
                }, extra, day, k));
    }

    private static Arbitrary<Op> ivr(Arbitrary<Integer> key) {
        return Combinators.combine(person(), Arbitraries.integers().between(0, 5), day(), key).as(Ivr::new);
    }

    private static Arbitrary<Op> household(Arbitrary<Integer> key) {
        return Combinators.combine(Arbitraries.integers().between(0, 3), day(), key).as(Household::new);
    }

    /**
     * The requests the operations make; {@code preludeIds}: the profile each prelude request answered with (null when
     * it was refused), what {@link ByProfileId} names.
     */
    static List<Sent> requests(List<Op> ops, List<String> preludeIds) {
        List<Sent> out = new ArrayList<>(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            if (op instanceof Repeat r) {
                // nothing that far back: a household call instead
                out.add(i - r.back() >= 0 ? out.get(i - r.back()) : request(new Household(0, 1, -1), preludeIds));
            } else {
                out.add(request(op, preludeIds));
            }
        }
        return out;
    }

    private static Sent request(Op op, List<String> preludeIds) {
        ObjectNode body = Json.object();
        ObjectNode data = Json.object();
        switch (op) {
            case Crm c -> {
                body.put("source", "salesforce_crm").put("source_record_id", "C-" + c.person());
                observedAt(body, c.day());
                data.put("email", switch (c.email()) {
                    case 0 -> email(c.person());
                    case 1 -> "p" + c.person() + "-new@example.com";
                    default -> email((c.person() + 1) % PERSONS);
                });
                if (c.phone()) data.put("phone_number", phone(c.person(), c.day()));
                if (c.tier() < 0) data.putNull("loyalty_tier");
                else data.put("loyalty_tier", TIERS[c.tier()]);
                data.put("lifetime_value", c.value());
                data.putObject("postal_address").put("city", "Oakland").put("line1", c.value() % 7 + " Main St");
                if (c.household() && c.person() < 2) data.put("household_phone", HOUSEHOLD);
            }
            case Chat c -> {
                body.put("source", "webchat_middleware");
                observedAt(body, c.day());
                data.put("email", c.day() % 2 == 0 ? email(c.person()).toUpperCase() : " " + email(c.person()) + " ");
                if (c.bridge() >= 0) data.put("phone_number", phone(c.bridge(), c.day() + 1));
                switch (c.extra()) {
                    case 0 -> data.putNull("loyalty_tier");
                    case 1 -> {
                        data.put("preferred_contact_method", c.day() % 3 == 0 ? "email" : "sms");
                        body.putArray("explicit").add("preferred_contact_method");
                    }
                    case 2 -> data.put("recent_intent", "intent-" + c.day() % 3);
                    case 3 -> data.putNull("recent_intent").putArray("interaction_channels").add("chat");
                    default -> data.putNull("lifetime_value").put("last_interaction_timestamp", timestamp(Math.max(1, c.day())));
                }
            }
            case Ivr v -> {
                body.put("source", "voice_ivr");
                observedAt(body, v.day());
                data.putArray("phone_number").add(phone(v.person(), v.order()));
                data.put("recent_intent", "call-" + v.order() % 3);
                data.putArray("purchase_history").addObject().put("order_id", "O-" + v.person() + "-" + v.order()).put("total", v.order() * 10);
                data.putArray("interaction_channels").add("voice");
            }
            case Household h -> {
                body.put("source", "voice_ivr");
                observedAt(body, h.day());
                data.put("household_phone", h.intent() % 2 == 0 ? HOUSEHOLD : "+1" + HOUSEHOLD.replace("-", ""));
                data.put("recent_intent", "household-" + h.intent());
            }
            case ByProfileId p -> {
                body.put("source", "webchat_middleware");
                String id = p.ref() < preludeIds.size() ? preludeIds.get(p.ref()) : null;
                body.put("profile_id", id == null ? UNKNOWN_PROFILE : id);
                observedAt(body, p.day());
                if (p.emailOf() >= 0) data.put("email", email(p.emailOf()));
                data.put("recent_intent", "by-id-" + p.day() % 4);
            }
            case Refused r -> {
                body.put("source", r.kind() == 0 ? "fax_machine" : "webchat_middleware");
                observedAt(body, 1 + r.person());
                switch (r.kind()) {
                    case 0 -> data.put("email", email(r.person()));
                    case 1 -> data.put("email", email(r.person())).put("loyalty_tier", 7);
                    case 2 -> data.put("email", "not-an-email");
                    case 3 -> data.put("email", "noreply@example.com").put("recent_intent", "blocked");
                    default -> data.putArray("email").add(email(r.person())).add(email((r.person() + 1) % PERSONS));
                }
            }
            case Repeat r -> throw new IllegalArgumentException("a repeat is resolved by requests()");
        }
        body.set("profile_data", data);
        return new Sent(body, op.key() < 0 ? null : "key-" + op.key());
    }

    private static void observedAt(ObjectNode body, int day) {
        if (day > 0) body.put("observed_at", timestamp(day));
    }

    private static String timestamp(int day) {
        return String.format("2026-11-%02dT10:00:00Z", day);
    }

    static String email(int person) {
        return "p" + person + "@example.com";
    }

    /** The customer's phone, spelled one of the ways callers write it. */
    private static String phone(int person, int spelling) {
        String digits = "41555502" + (10 + person);
        return switch (spelling % 3) {
            case 0 -> "+1" + digits;
            case 1 -> "(" + digits.substring(0, 3) + ") " + digits.substring(3, 6) + "-" + digits.substring(6);
            default -> digits.substring(0, 3) + "-" + digits.substring(3, 6) + "-" + digits.substring(6);
        };
    }

    /** The outcome kind of an answer line (see {@link UpsertSnapshot#answer}): for statistics. */
    static String kind(String answer) {
        String[] p = answer.split(" ", 4);
        return p[1] + (p[2].equals("replayed") ? " replayed" : "");
    }
}
