package io.onefold.benchmarks.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.json.Json;
import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The synthetic customers: customer {@code c}'s email, phones and address, and the CRM, chat and IVR records the
 * phases upsert for it, written as clients send them (case, spaces and phone formats vary).
 */
final class Customers {
    private static final String[] DOMAINS = {"mail.example", "shop.example", "post.example", "inbox.example", "web.example", "corp.example", "home.example", "net.example"};
    private static final String[] AREAS = {"415", "212", "312", "617", "206", "303", "512", "404", "305", "702", "213", "646", "718", "202", "214", "713", "602", "503", "612", "919"};
    private static final String[] TIERS = {"Bronze", "Silver", "Gold", "Platinum"};
    private static final String[] INTENTS = {"order_status", "return", "billing", "product_question", "store_hours", "complaint", "upgrade"};
    private static final String[] CONTACT = {"email", "sms", "phone", "chat"};
    private static final String[] CITIES = {"San Francisco", "New York", "Chicago", "Boston", "Seattle", "Denver", "Austin", "Atlanta"};

    private Customers() {}

    private static String email(int c) {
        return "customer" + c + "@" + DOMAINS[c % DOMAINS.length];
    }

    /** The email as a client might send it: as stored, upper case, mixed case, with stray spaces. */
    static String emailVariant(int c, SplittableRandom rnd) {
        String e = email(c);
        return switch (rnd.nextInt(4)) {
            case 0 -> e;
            case 1 -> e.toUpperCase(Locale.ROOT);
            case 2 -> Character.toUpperCase(e.charAt(0)) + e.substring(1, e.indexOf('@')) + "@" + e.substring(e.indexOf('@') + 1).toUpperCase(Locale.ROOT);
            default -> "  " + e + " ";
        };
    }

    private static String area(int c) {
        return AREAS[c % AREAS.length];
    }

    /** 7 digits: exchange 2xx-5xx, line; unique per customer for up to 20 x 4M customers. */
    private static String local(int c) {
        int rest = c / AREAS.length;
        return String.format(Locale.ROOT, "%03d%04d", 200 + rest / 10_000, rest % 10_000);
    }

    private static String phoneE164(int c) {
        return "+1" + area(c) + local(c);
    }

    private static String phoneVariant(int c, SplittableRandom rnd) {
        String l = local(c);
        return switch (rnd.nextInt(3)) {
            case 0 -> phoneE164(c);
            case 1 -> "(" + area(c) + ") " + l.substring(0, 3) + "-" + l.substring(3);
            default -> area(c) + "." + l.substring(0, 3) + "." + l.substring(3);
        };
    }

    /** 20% of customers share a landline with a neighbour in the id space (pairs 10k, 10k+1). */
    private static String householdPhone(int c) {
        int base = c - c % 10;
        if (c % 10 > 1) return null;
        int h = base / 10;
        return String.format(Locale.ROOT, "+1%s%03d%04d", AREAS[(h + 7) % AREAS.length], 800 + (h / 10_000) % 100, h % 10_000);
    }

    static ObjectNode crmRecord(int c, SplittableRandom rnd, boolean update, Instant now) {
        ObjectNode body = Json.object();
        body.put("source", "salesforce_crm");
        body.put("source_record_id", "C-" + c);
        body.put("observed_at", now.toString());
        ObjectNode d = body.putObject("profile_data");
        d.put("email", update && rnd.nextInt(10) < 3 ? email(c).toUpperCase(Locale.ROOT) : email(c));
        d.putArray("phone_number").add(phoneE164(c));
        String household = householdPhone(c);
        if (household != null) d.put("household_phone", household);
        d.put("loyalty_tier", TIERS[update && rnd.nextInt(20) == 0 ? rnd.nextInt(TIERS.length) : c % TIERS.length]);
        d.put("preferred_contact_method", CONTACT[c % CONTACT.length]);
        ObjectNode address = d.putObject("postal_address");
        address.put("street", (c % 9000 + 100) + " Market St");
        address.put("city", CITIES[c % CITIES.length]);
        address.put("postal_code", String.format(Locale.ROOT, "%05d", 10000 + c % 89999));
        address.put("country", "US");
        d.put("customer_since", String.format(Locale.ROOT, "20%02d-%02d-%02d", 10 + c % 15, 1 + c % 12, 1 + c % 28));
        d.put("lifetime_value", new java.math.BigDecimal((c % 5000) * 10 + (update ? rnd.nextInt(2000) : 0)).movePointLeft(1));
        ArrayNode orders = d.putArray("purchase_history");
        int n = 1 + c % 3;
        for (int i = 0; i < n; i++) {
            orders.addObject().put("order_id", "O-" + c + "-" + i).put("total", new java.math.BigDecimal(1999 + 100 * i).movePointLeft(2))
                    .put("date", String.format(Locale.ROOT, "2025-%02d-%02d", 1 + (c + i) % 12, 1 + i));
        }
        d.putArray("interaction_channels").add("store").add("web");
        return body;
    }

    static ObjectNode chatRecord(int c, SplittableRandom rnd, Instant now) {
        ObjectNode body = Json.object();
        body.put("source", "webchat_middleware");
        body.put("observed_at", now.toString());
        ObjectNode d = body.putObject("profile_data");
        d.put("email", emailVariant(c, rnd));
        d.put("last_interaction_timestamp", now.toString());
        d.put("recent_intent", INTENTS[rnd.nextInt(INTENTS.length)]);
        d.putArray("interaction_channels").add("chat");
        int r = rnd.nextInt(100);
        if (r < 10) {
            d.put("preferred_contact_method", CONTACT[rnd.nextInt(CONTACT.length)]);
            body.putArray("explicit").add("preferred_contact_method");
        } else if (r < 15) {
            d.putNull("recent_intent");
        }
        return body;
    }

    static ObjectNode ivrRecord(int c, SplittableRandom rnd, Instant now) {
        ObjectNode body = Json.object();
        body.put("source", "voice_ivr");
        body.put("observed_at", now.toString());
        ObjectNode d = body.putObject("profile_data");
        d.put("phone_number", phoneVariant(c, rnd));
        d.put("last_interaction_timestamp", now.toString());
        d.put("recent_intent", INTENTS[rnd.nextInt(INTENTS.length)]);
        d.putArray("interaction_channels").add("phone");
        return body;
    }
}
