package io.onefold.benchmarks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.json.Json;
import io.onefold.core.model.Observation;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A deterministic stream of observations shaped like an omnichannel retailer's traffic, for the identity
 * benchmarks. Everything derives from the seed, so two runs ingest exactly the same stream.
 *
 * <h2>Shape</h2>
 * <ul>
 *   <li><b>Skew.</b> Each observation picks its customer from a Zipf distribution over the customers
 *       (rank {@code r} with weight {@code 1/r^s}); ranks are shuffled over customer numbers. With the
 *       defaults (1,000,000 observations, 200,000 customers, s = 0.8) the hottest customer receives about
 *       19,000 updates and most customers a handful.</li>
 *   <li><b>Sources.</b> A customer's first observation is a CRM contact ({@code source_record_id}
 *       {@code CRM-n}: email, one or two phones, for about one customer in six a household landline shared with one
 *       other customer, and 15 more attributes — today the engine refuses the second household member's first
 *       CRM contact with IDENTIFIER_CONFLICT, about 1.4% of the stream, see {@code docs/benchmarks.md}); later ones are 40% web chat (email, sometimes a phone),
 *       35% voice IVR (phone only), 25% CRM updates.</li>
 *   <li><b>Fragments that bridge.</b> One customer in ten first calls the IVR (a phone-only profile), then
 *       chats without identifying by phone (an email-only profile); their third observation is a chat
 *       carrying both, which merges the two profiles. Later observations follow the normal mix.</li>
 *   <li><b>Identifier variants.</b> Emails arrive in several casings and with stray whitespace; phones in
 *       seven formats ({@code (415) 200-0001}, {@code +1 415 200 0001}, {@code 415.200.0001}, ...), all of
 *       which normalize to one value.</li>
 *   <li><b>Noise.</b> One customer in a hundred changes email in the CRM (an identifier-authority
 *       transfer; the old address becomes an alias); one chat in two hundred carries the blocked
 *       {@code test@test.com} next to a real phone.</li>
 *   <li><b>Time.</b> {@code observed_at} advances 30 s per observation from 2025-12-01 with up to two minutes
 *       of jitter (so some arrive out of order); the stream spans about a year, so IVR's 30-day staleness
 *       matters.</li>
 * </ul>
 */
final class SkewedObservations {
    private static final Instant START = Instant.parse("2025-12-01T00:00:00Z");
    private static final String[] FIRST = {"maria", "james", "li", "fatima", "olivier", "aiko", "noah", "priya", "lucas", "amara",
            "sven", "chloe", "mateo", "zoe", "ibrahim", "elena"};
    private static final String[] LAST = {"gonzalez", "smith", "chen", "haddad", "dupont", "tanaka", "johnson", "patel", "silva",
            "okafor", "larsen", "martin", "rossi", "kim", "yilmaz", "novak"};
    private static final String[] DOMAINS = {"example.com", "mail.example.net", "inbox.example.org", "example.co.uk"};
    private static final String[] AREAS = {"415", "212", "617", "312", "206", "512", "303", "404"};
    private static final String[] TIERS = {"bronze", "silver", "gold", "platinum"};
    private static final String[] STORES = {"SF-Mission", "SF-Castro", "NYC-SoHo", "BOS-Back-Bay", "CHI-Loop", "SEA-Capitol-Hill"};
    private static final String[] INTENTS = {"order_status", "return_request", "billing_question", "store_hours", "loyalty_points",
            "delivery_change", "product_question"};
    private static final String[] CITIES = {"San Francisco", "New York", "Boston", "Chicago", "Seattle", "Austin", "Denver", "Atlanta"};

    /** What the stream holds, for the report. */
    record Stats(int observations, int customersTouched, int hottestCustomerObservations, double top1PercentShare,
                 int bridgingObservations, int emailChanges, int blockedValueObservations, int crm, int chat, int ivr) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,d observations over %,d customers touched; hottest customer %,d observations; "
                            + "top 1%% of customers %.1f%% of observations; %,d bridging observations; %,d CRM email changes; "
                            + "%,d with a blocked email; sources: CRM %,d, chat %,d, IVR %,d",
                    observations, customersTouched, hottestCustomerObservations, 100 * top1PercentShare, bridgingObservations,
                    emailChanges, blockedValueObservations, crm, chat, ivr);
        }
    }

    private final SplittableRandom random;
    private final int customers;
    private final double[] cdf;
    private final int[] customerOfRank;
    private final int[] seen;
    private final boolean[] emailChanged;
    private Stats stats;

    private SkewedObservations(int customers, double exponent, long seed) {
        this.random = new SplittableRandom(seed);
        this.customers = customers;
        this.cdf = new double[customers];
        double sum = 0;
        for (int r = 0; r < customers; r++) {
            sum += 1.0 / Math.pow(r + 1, exponent);
            cdf[r] = sum;
        }
        for (int r = 0; r < customers; r++) cdf[r] /= sum;
        this.customerOfRank = new int[customers];
        for (int i = 0; i < customers; i++) customerOfRank[i] = i;
        for (int i = customers - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = customerOfRank[i];
            customerOfRank[i] = customerOfRank[j];
            customerOfRank[j] = t;
        }
        this.seen = new int[customers];
        this.emailChanged = new boolean[customers];
    }

    static Observation[] generate(int count, int customers, double exponent, long seed, Stats[] statsOut) {
        SkewedObservations g = new SkewedObservations(customers, exponent, seed);
        Observation[] out = g.stream(count);
        statsOut[0] = g.stats;
        return out;
    }

    private Observation[] stream(int count) {
        Observation[] out = new Observation[count];
        int bridging = 0, changes = 0, blocked = 0, crm = 0, chat = 0, ivr = 0;
        for (int n = 0; n < count; n++) {
            int c = customerOfRank[rank()];
            int k = seen[c]++;
            Instant at = START.plusSeconds(30L * n + random.nextInt(241) - 120);
            Observation o;
            if (fragmented(c) && k < 3) {
                if (k == 0) o = ivr(c, at, false);
                else if (k == 1) o = chat(c, at, false, false);
                else {
                    o = chat(c, at, true, false);
                    bridging++;
                }
            } else if (k == 0) {
                o = crm(c, k, at, false);
            } else {
                int roll = random.nextInt(100);
                if (roll < 40) {
                    boolean blockedEmail = random.nextInt(200) == 0;
                    if (blockedEmail) blocked++;
                    o = chat(c, at, random.nextInt(10) < 3, blockedEmail);
                } else if (roll < 75) {
                    o = ivr(c, at, k > 0);
                } else {
                    boolean change = changesEmail(c) && !emailChanged[c] && k >= 5;
                    if (change) {
                        emailChanged[c] = true;
                        changes++;
                    }
                    o = crm(c, k, at, change);
                }
            }
            switch (o.source()) {
                case OmnichannelFixture.CRM -> crm++;
                case OmnichannelFixture.CHAT -> chat++;
                default -> ivr++;
            }
            out[n] = o;
        }
        int touched = 0;
        int hottest = 0;
        for (int s : seen) {
            if (s > 0) touched++;
            hottest = Math.max(hottest, s);
        }
        int[] sorted = seen.clone();
        Arrays.sort(sorted);
        long top = 0;
        for (int i = sorted.length - 1; i >= sorted.length - Math.max(1, customers / 100); i--) top += sorted[i];
        stats = new Stats(count, touched, hottest, (double) top / count, bridging, changes, blocked, crm, chat, ivr);
        return out;
    }

    private int rank() {
        int r = Arrays.binarySearch(cdf, random.nextDouble());
        return Math.min(r < 0 ? -r - 1 : r, customers - 1);
    }

    // ------------------------------------------------------------------------------------------ customers

    /** One customer in ten first shows up as an IVR caller and an anonymous-by-phone chatter. */
    private static boolean fragmented(int c) {
        return mix(c) % 10 == 0;
    }

    private static boolean changesEmail(int c) {
        return !fragmented(c) && mix(c) % 100 == 1;
    }

    private static int mix(int c) {
        int h = c * 0x9E3779B1;
        return (h ^ (h >>> 15)) & 0x7FFFFFFF;
    }

    private String email(int c) {
        String base = FIRST[c % FIRST.length] + "." + LAST[(c / FIRST.length) % LAST.length] + "." + c;
        String domain = DOMAINS[c % DOMAINS.length];
        return emailChanged[c] ? base + ".new@" + DOMAINS[(c + 1) % DOMAINS.length] : base + "@" + domain;
    }

    /** The canonical address in one of the ways people and systems type it. */
    private String emailVariant(int c) {
        String e = email(c);
        return switch (random.nextInt(6)) {
            case 0, 1 -> e;
            case 2 -> Character.toUpperCase(e.charAt(0)) + e.substring(1, e.indexOf('@')) + "@" + e.substring(e.indexOf('@') + 1).toUpperCase(Locale.ROOT);
            case 3 -> e.toUpperCase(Locale.ROOT);
            case 4 -> "  " + e + " ";
            default -> "\t" + capitalizeParts(e);
        };
    }

    private static String capitalizeParts(String e) {
        StringBuilder b = new StringBuilder(e.length());
        boolean up = true;
        for (char ch : e.toCharArray()) {
            b.append(up ? Character.toUpperCase(ch) : ch);
            up = ch == '.' || ch == '@';
        }
        return b.toString();
    }

    /** Ten digits: a US area code and a line unique to the customer ({@code kind} 0 mobile, 1 work, 2 household). */
    private static String phoneDigits(int c, int kind) {
        int line = switch (kind) {
            case 0 -> 2_000_000 + c;
            case 1 -> 5_000_000 + c;
            default -> 3_000_000 + c / 2;
        };
        String area = kind == 2 ? "212" : AREAS[(c + kind) % AREAS.length];
        return area + line;
    }

    private String phoneVariant(String d) {
        String a = d.substring(0, 3), x = d.substring(3, 6), l = d.substring(6);
        return switch (random.nextInt(7)) {
            case 0 -> "(" + a + ") " + x + "-" + l;
            case 1 -> a + "-" + x + "-" + l;
            case 2 -> "+1 " + a + " " + x + " " + l;
            case 3 -> d;
            case 4 -> "+1" + d;
            case 5 -> a + "." + x + "." + l;
            default -> "1 (" + a + ") " + x + "-" + l;
        };
    }

    private static boolean hasWorkPhone(int c) {
        return c % 4 == 0;
    }

    private static boolean hasHousehold(int c) {
        return !fragmented(c) && !fragmented(c ^ 1) && c % 10 < 2;
    }

    // ------------------------------------------------------------------------------------------ observations

    private Observation crm(int c, int k, Instant at, boolean newEmail) {
        ObjectNode d = Json.object();
        d.put("email", newEmail || random.nextBoolean() ? email(c) : emailVariant(c));
        ArrayNode phones = d.putArray("phone_number").add(phoneVariant(phoneDigits(c, 0)));
        if (hasWorkPhone(c)) phones.add(phoneVariant(phoneDigits(c, 1)));
        if (hasHousehold(c)) d.put("household_phone", phoneVariant(phoneDigits(c, 2)));
        d.put("first_name", Character.toUpperCase(FIRST[c % FIRST.length].charAt(0)) + FIRST[c % FIRST.length].substring(1));
        d.put("last_name", Character.toUpperCase(LAST[(c / FIRST.length) % LAST.length].charAt(0)) + LAST[(c / FIRST.length) % LAST.length].substring(1));
        d.put("birth_date", (1950 + c % 50) + "-0" + (1 + c % 9) + "-1" + (c % 10));
        d.put("loyalty_tier", TIERS[Math.min(TIERS.length - 1, k / 20)]);
        d.put("preferred_contact_method", "email");
        ObjectNode address = d.putObject("postal_address");
        address.put("street", (100 + c % 900) + " Market St" + (k % 7 == 6 ? " Apt " + k : ""));
        address.put("city", CITIES[c % CITIES.length]);
        address.put("postal_code", String.valueOf(10000 + c % 89999));
        address.put("country", "US");
        d.put("customer_since", (2010 + c % 15) + "-0" + (1 + c % 9) + "-0" + (1 + c % 9));
        d.put("first_seen_channel", "store");
        d.put("lifetime_value", BigDecimal.valueOf(1000L + 3725L * k + c % 1000, 2));
        ArrayNode orders = d.putArray("purchase_history");
        for (int i = Math.max(0, k - 2); i <= k; i++) {
            ObjectNode order = orders.addObject();
            order.put("order_id", "SO-" + c + "-" + i);
            order.put("total", BigDecimal.valueOf(1990L + 737L * i, 2));
        }
        d.putArray("interaction_channels").add("store");
        d.put("marketing_opt_in", k % 3 != 0);
        d.put("visit_count", k + 1);
        d.put("preferred_store", STORES[c % STORES.length]);
        d.put("last_purchase_at", at.minusSeconds(3600).toString());
        return new Observation(OmnichannelFixture.CRM, d, at, "CRM-" + c, List.of(), null);
    }

    private Observation chat(int c, Instant at, boolean withPhone, boolean blockedEmail) {
        ObjectNode d = Json.object();
        d.put("email", blockedEmail ? "Test@Test.com" : emailVariant(c));
        if (withPhone || blockedEmail) d.put("phone_number", phoneVariant(phoneDigits(c, 0)));
        d.put("recent_intent", INTENTS[random.nextInt(INTENTS.length)]);
        d.put("last_interaction_timestamp", at.toString());
        d.putArray("interaction_channels").add("chat");
        d.put("first_seen_channel", "chat");
        boolean overrides = random.nextInt(10) == 0;
        if (overrides) d.put("preferred_contact_method", "sms");
        if (random.nextInt(4) == 0) d.put("preferred_store", STORES[random.nextInt(STORES.length)]);
        d.put("marketing_opt_in", random.nextInt(5) != 0);
        return new Observation(OmnichannelFixture.CHAT, d, at, null, overrides ? List.of("preferred_contact_method") : List.of(), null);
    }

    private Observation ivr(int c, Instant at, boolean known) {
        ObjectNode d = Json.object();
        d.put("phone_number", phoneVariant(phoneDigits(c, 0)));
        d.put("recent_intent", INTENTS[random.nextInt(INTENTS.length)]);
        d.put("last_interaction_timestamp", at.toString());
        d.putArray("interaction_channels").add("voice");
        d.put("first_seen_channel", "voice");
        if (known && random.nextInt(3) == 0) d.put("preferred_store", STORES[(c + 1) % STORES.length]);
        return new Observation(OmnichannelFixture.IVR, d, at, null, List.of(), null);
    }
}
