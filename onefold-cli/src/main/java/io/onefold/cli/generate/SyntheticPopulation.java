package io.onefold.cli.generate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.json.Json;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic customers of a retailer, for the omnichannel template and rules: a CRM with authoritative but
 * sometimes stale loyalty tiers and contact preferences, web chat with fresh partial updates, explicit preference
 * changes, identifier variants and occasional nulls, and an IVR with phone-only callers, some unknown until they
 * identify in chat.
 *
 * <p>Customer {@code i} depends only on the seed and {@code i} (its own random stream), so a population of any size
 * is generated in constant memory, in parallel if wanted, and is the same on every machine. Emails and phone numbers
 * are unique per customer by construction (a bijection of the index), except household landlines, which pairs of
 * neighbouring CRM customers share on purpose — a non-linking identifier that must never merge them.
 */
public final class SyntheticPopulation {
    static final String CRM = "salesforce_crm";
    static final String CHAT = "webchat_middleware";
    static final String IVR = "voice_ivr";

    private static final String[] FIRST = {"ava", "liam", "olivia", "noah", "emma", "oliver", "sophia", "elijah", "isabella",
            "james", "mia", "william", "amelia", "benjamin", "harper", "lucas", "evelyn", "henry", "abigail", "alexander",
            "emily", "mateo", "ella", "daniel", "chloe", "jack", "grace", "samuel", "zoe", "david", "nora", "joseph",
            "lily", "carlos", "maya", "wei", "aisha", "ravi", "fatima", "hiro", "ingrid", "kofi", "lucia", "omar", "priya"};
    private static final String[] LAST = {"smith", "johnson", "williams", "brown", "jones", "garcia", "miller", "davis",
            "rodriguez", "martinez", "hernandez", "lopez", "gonzalez", "wilson", "anderson", "thomas", "taylor", "moore",
            "jackson", "martin", "lee", "perez", "thompson", "white", "harris", "sanchez", "clark", "ramirez", "lewis",
            "robinson", "walker", "young", "allen", "king", "wright", "scott", "nguyen", "chen", "patel", "kim", "okafor"};
    private static final String[] DOMAINS = {"example.com", "example.net", "example.org", "mail.example.com", "shop.example.net"};
    /** Area codes in service, so libphonenumber accepts the numbers as valid US numbers. */
    private static final int[] AREAS = {212, 312, 415, 646, 702, 617, 303, 206, 512, 305};
    /** Exchanges 200–999 without the N11 service codes. */
    private static final int[] EXCHANGES = java.util.stream.IntStream.rangeClosed(200, 999).filter(e -> e % 100 != 11).toArray();
    private static final long PHONE_SPACE = (long) AREAS.length * EXCHANGES.length * 10_000L;
    /** Coprime with PHONE_SPACE (= 2^8·3^2·5^5·11), so index → number is a bijection that looks random. */
    private static final long PHONE_STRIDE = 48_947_603L;
    private static final String[] TIERS = {"Bronze", "Silver", "Gold", "Platinum"};
    private static final String[] CONTACT = {"email", "sms", "phone"};
    private static final String[] INTENTS = {"order status", "return request", "billing question", "store hours",
            "loyalty points", "delivery change", "product question", "cancel order", "password reset", "gift card balance"};
    private static final String[] CITIES = {"New York|NY|100", "Chicago|IL|606", "San Francisco|CA|941", "Las Vegas|NV|891",
            "Boston|MA|021", "Denver|CO|802", "Seattle|WA|981", "Austin|TX|787", "Miami|FL|331"};
    private static final String[] STREETS = {"Main St", "Oak Ave", "Maple Dr", "Cedar Ln", "Pine St", "Elm St", "Lakeview Rd", "Park Ave"};

    private final long seed;
    private final Instant asOf;

    /** @param asOf the moment the exports were taken: every observation is before it. */
    public SyntheticPopulation(long seed, Instant asOf) {
        this.seed = seed;
        this.asOf = asOf;
    }

    /** Customer number {@code index} (0-based). */
    public SyntheticCustomer customer(int index) {
        SplittableRandom rnd = new SplittableRandom(mix(seed, index));
        CustomerKind kind = CustomerKind.draw(rnd.nextDouble());
        String id = "cust-%07d".formatted(index + 1);
        String first = FIRST[rnd.nextInt(FIRST.length)];
        String last = LAST[rnd.nextInt(LAST.length)];
        String email = first + "." + last + (index + 1) + "@" + DOMAINS[rnd.nextInt(DOMAINS.length)];
        String phone = phone(2L * index);
        String newPhone = phone(2L * index + 1);

        List<GeneratedRecord> crm = new ArrayList<>();
        List<GeneratedRecord> calls = new ArrayList<>();
        List<GeneratedRecord> chats = new ArrayList<>();
        int serial = 0;

        if (kind.inCrm()) {
            String recordId = "CRM-%07d".formatted(index + 1);
            // A quarter of CRM records were last exported long ago: stale tiers and preferences for the rules to weigh.
            boolean stale = rnd.nextDouble() < 0.25;
            Instant at = stale ? before(rnd, 181, 400) : before(rnd, 2, 180);
            int tier = rnd.nextInt(TIERS.length);
            ObjectNode data = Json.object();
            data.put("email", rnd.nextDouble() < 0.1 ? capitalized(email) : email);
            data.put("phone_number", formatPhone(phone, rnd));
            if (sharesHousehold(index)) data.put("household_phone", formatPhone(phone(PHONE_SPACE - 1 - index / 2), rnd));
            data.put("loyalty_tier", TIERS[tier]);
            data.put("preferred_contact_method", CONTACT[rnd.nextInt(CONTACT.length)]);
            data.put("customer_since", LocalDate.ofInstant(before(rnd, 400, 4000), ZoneOffset.UTC).toString());
            data.put("lifetime_value", money(rnd, 20, 8000));
            data.set("postal_address", address(rnd));
            crm.add(new GeneratedRecord(CRM, recordId, at, data, List.of()));
            if (!stale && rnd.nextDouble() < 0.12) {
                // a later full update of the same CRM record: a tier upgrade and more spend
                ObjectNode update = data.deepCopy();
                update.put("loyalty_tier", TIERS[Math.min(TIERS.length - 1, tier + 1)]);
                update.put("lifetime_value", data.get("lifetime_value").decimalValue().add(money(rnd, 10, 900)));
                crm.add(new GeneratedRecord(CRM, recordId, between(rnd, at, asOf), update, List.of()));
            }
        }

        switch (kind) {
            case CRM_CUSTOMER -> {
                int callCount = rnd.nextInt(100) < 30 ? 1 + rnd.nextInt(2) : 0;
                for (int c = 0; c < callCount; c++) calls.add(call(id, ++serial, phone, before(rnd, 1, 60), rnd));
                int chatCount = weighted(rnd, 40, 35, 17, 8);
                for (int c = 0; c < chatCount; c++) chats.add(chat(id, ++serial, email, rnd.nextDouble() < 0.2 ? phone : null, before(rnd, 1, 30), rnd));
            }
            case CRM_NEW_PHONE, CALLER_IDENTIFIES_LATER -> {
                // the call comes first, from a number nobody knows yet; the chat that names both comes after it
                Instant callAt = before(rnd, 10, 60);
                String callerPhone = kind == CustomerKind.CRM_NEW_PHONE ? newPhone : phone;
                calls.add(call(id, ++serial, callerPhone, callAt, rnd));
                chats.add(chat(id, ++serial, email, callerPhone, between(rnd, callAt, asOf), rnd));
            }
            case CHAT_PROSPECT -> {
                int chatCount = 1 + weighted(rnd, 60, 30, 10);
                String prospectPhone = rnd.nextDouble() < 0.3 ? phone : null;
                for (int c = 0; c < chatCount; c++) chats.add(chat(id, ++serial, email, c == 0 ? prospectPhone : null, before(rnd, 1, 30), rnd));
            }
            case ANONYMOUS_CALLER -> {
                int callCount = 1 + rnd.nextInt(2);
                for (int c = 0; c < callCount; c++) calls.add(call(id, ++serial, phone, before(rnd, 1, 60), rnd));
            }
        }
        return new SyntheticCustomer(id, kind, crm, calls, chats);
    }

    /**
     * Customers 2k and 2k+1 share a household landline now and then, when both are in the CRM: decided by the pair's
     * own stream so that both sides agree.
     */
    private boolean sharesHousehold(int index) {
        int pair = index / 2;
        if (new SplittableRandom(mix(~seed, pair)).nextDouble() >= 0.04) return false;
        int other = index ^ 1;
        return other >= 0 && CustomerKind.draw(new SplittableRandom(mix(seed, other)).nextDouble()).inCrm();
    }

    private GeneratedRecord call(String customer, int serial, String phone, Instant at, SplittableRandom rnd) {
        ObjectNode data = Json.object();
        data.put("phone_number", formatPhone(phone, rnd));
        data.put("recent_intent", INTENTS[rnd.nextInt(INTENTS.length)]);
        data.put("last_interaction_timestamp", at.toString());
        data.set("interaction_channels", Json.NODES.arrayNode().add("voice"));
        data.put("first_seen_channel", "voice");
        return new GeneratedRecord(IVR, "call-" + customer.substring(5) + "-" + serial, at, data, List.of());
    }

    private GeneratedRecord chat(String customer, int serial, String email, String phone, Instant at, SplittableRandom rnd) {
        ObjectNode data = Json.object();
        data.put("email", emailVariant(email, rnd));
        if (phone != null) {
            ArrayNode phones = data.putArray("phone_number");
            phones.add(formatPhone(phone, rnd));
        }
        data.put("recent_intent", INTENTS[rnd.nextInt(INTENTS.length)]);
        data.put("last_interaction_timestamp", at.toString());
        data.set("interaction_channels", Json.NODES.arrayNode().add("chat"));
        data.put("first_seen_channel", "chat");
        List<String> explicit = List.of();
        double u = rnd.nextDouble();
        if (u < 0.10) {
            // the customer changed their preference in the chat widget: an explicit override of the CRM
            data.put("preferred_contact_method", CONTACT[rnd.nextInt(CONTACT.length)]);
            explicit = List.of("preferred_contact_method");
        } else if (u < 0.25) {
            // the middleware sends the fields it does not know as null: they must never erase the CRM's tier
            data.putNull("loyalty_tier");
            data.putNull("preferred_contact_method");
        }
        return new GeneratedRecord(CHAT, "chat-" + customer.substring(5) + "-" + serial, at, data, explicit);
    }

    private static ObjectNode address(SplittableRandom rnd) {
        String[] city = CITIES[rnd.nextInt(CITIES.length)].split("\\|");
        ObjectNode a = Json.object();
        a.put("street", (1 + rnd.nextInt(9899)) + " " + STREETS[rnd.nextInt(STREETS.length)]);
        a.put("city", city[0]);
        a.put("region", city[1]);
        a.put("postal_code", city[2] + "%02d".formatted(rnd.nextInt(100)));
        a.put("country", "US");
        return a;
    }

    /** The E.164 number of slot {@code n}: a bijection from [0, PHONE_SPACE) onto the valid numbers used. */
    static String phone(long n) {
        long p = Math.floorMod((n + 1) * PHONE_STRIDE, PHONE_SPACE);
        int area = AREAS[(int) (p / (EXCHANGES.length * 10_000L))];
        long rest = p % (EXCHANGES.length * 10_000L);
        int exchange = EXCHANGES[(int) (rest / 10_000)];
        int line = (int) (rest % 10_000);
        return "+1%d%d%04d".formatted(area, exchange, line);
    }

    /** The same number as people and systems write it. */
    private static String formatPhone(String e164, SplittableRandom rnd) {
        String area = e164.substring(2, 5), exchange = e164.substring(5, 8), line = e164.substring(8);
        return switch (rnd.nextInt(6)) {
            case 0 -> e164;
            case 1 -> "+1 (" + area + ") " + exchange + "-" + line;
            case 2 -> area + "-" + exchange + "-" + line;
            case 3 -> "(" + area + ") " + exchange + " " + line;
            case 4 -> area + "." + exchange + "." + line;
            default -> area + exchange + line;
        };
    }

    private static String emailVariant(String email, SplittableRandom rnd) {
        return switch (rnd.nextInt(10)) {
            case 0 -> email.toUpperCase(java.util.Locale.ROOT);
            case 1 -> capitalized(email);
            case 2 -> " " + email + " ";
            default -> email;
        };
    }

    private static String capitalized(String email) {
        StringBuilder b = new StringBuilder(email);
        b.setCharAt(0, Character.toUpperCase(b.charAt(0)));
        int dot = email.indexOf('.');
        if (dot > 0 && dot + 1 < b.length()) b.setCharAt(dot + 1, Character.toUpperCase(b.charAt(dot + 1)));
        return b.toString();
    }

    private static BigDecimal money(SplittableRandom rnd, int min, int max) {
        return BigDecimal.valueOf(min * 100L + rnd.nextLong((max - min) * 100L), 2);
    }

    /** An instant between {@code minDays} and {@code maxDays} days before the export, to the second. */
    private Instant before(SplittableRandom rnd, int minDays, int maxDays) {
        long seconds = rnd.nextLong(minDays * 86_400L, maxDays * 86_400L);
        return asOf.minusSeconds(seconds);
    }

    /** An instant strictly after {@code from} and before {@code to} (or one second after {@code from}). */
    private static Instant between(SplittableRandom rnd, Instant from, Instant to) {
        long span = Duration.between(from, to).getSeconds();
        return span <= 2 ? from.plusSeconds(1) : from.plusSeconds(1 + rnd.nextLong(span - 1));
    }

    /** 0, 1, 2… drawn with the given weights (in percent). */
    private static int weighted(SplittableRandom rnd, int... weights) {
        int u = rnd.nextInt(100), cumulative = 0;
        for (int i = 0; i < weights.length; i++) {
            cumulative += weights[i];
            if (u < cumulative) return i;
        }
        return weights.length - 1;
    }

    /** SplitMix64 of seed and index: independent streams per customer. */
    private static long mix(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
