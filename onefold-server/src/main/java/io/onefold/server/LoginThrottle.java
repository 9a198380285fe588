package io.onefold.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Slows down secret guessing at the token endpoint. Attempts are counted per caller address (an IPv6 caller by
 * its /64, which one host usually holds whole) and per (client id, address). Past a free allowance, every further
 * attempt of a key opens a delay that doubles with each one — 1 s, 2 s, 4 s … at most 15 minutes — during which
 * that key's attempts are answered 429 with {@code Retry-After}, their secrets unchecked. Never per client id
 * alone: anyone could then lock a tenant's integration out by failing on purpose from elsewhere, whereas here
 * the client keeps working from its own address.
 *
 * <p>An attempt is counted when admitted, before its secret is checked, so that concurrent guesses cannot slip
 * past the allowance while their checks run; a success then clears its (client id, address) count and gives its
 * address the attempt back. Counts are forgotten after an hour without attempts, and at most {@value #MAX_KEYS}
 * keys are kept (the least recently used go first). The clock is injected: tests move it instead of sleeping.
 */
final class LoginThrottle {
    static final int FREE_PER_CLIENT_AND_ADDRESS = 5;
    static final int FREE_PER_ADDRESS = 20;
    static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_DELAY = Duration.ofMinutes(15);
    static final Duration FORGET_AFTER = Duration.ofHours(1);
    static final int MAX_KEYS = 100_000;

    private final Supplier<Instant> clock;
    private final Map<String, Count> counts = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Count> eldest) {
            return size() > MAX_KEYS;
        }
    };

    private static final class Count {
        int attempts;
        Instant last;
        Instant blockedUntil = Instant.MIN;
    }

    LoginThrottle(Supplier<Instant> clock) {
        this.clock = clock;
    }

    /** 0 when the attempt may go on (it is counted), else the seconds to wait before trying again. */
    synchronized long admit(String clientId, String address) {
        Instant now = clock.get();
        Count byAddress = count(addressKey(address), now);
        Count byClient = count(clientKey(clientId, address), now);
        long wait = Math.max(secondsLeft(byAddress, now), secondsLeft(byClient, now));
        if (wait > 0) return wait;
        attempt(byAddress, FREE_PER_ADDRESS, now);
        attempt(byClient, FREE_PER_CLIENT_AND_ADDRESS, now);
        return 0;
    }

    /** The admitted attempt was right: it does not count against the client or its address. */
    synchronized void succeeded(String clientId, String address) {
        counts.remove(clientKey(clientId, address));
        Count byAddress = counts.get(addressKey(address));
        if (byAddress != null && --byAddress.attempts <= FREE_PER_ADDRESS) byAddress.blockedUntil = Instant.MIN;
    }

    private Count count(String key, Instant now) {
        Count c = counts.computeIfAbsent(key, k -> new Count());
        if (c.last != null && c.last.plus(FORGET_AFTER).isBefore(now)) {
            c.attempts = 0;
            c.blockedUntil = Instant.MIN;
        }
        return c;
    }

    private static long secondsLeft(Count c, Instant now) {
        if (!c.blockedUntil.isAfter(now)) return 0;
        Duration left = Duration.between(now, c.blockedUntil);
        return Math.max(1, left.toSeconds() + (left.toNanosPart() > 0 ? 1 : 0));
    }

    private static void attempt(Count c, int free, Instant now) {
        c.attempts++;
        c.last = now;
        int over = c.attempts - free;
        if (over > 0) {
            Duration delay = over > 20 ? MAX_DELAY : FIRST_DELAY.multipliedBy(1L << (over - 1));
            c.blockedUntil = now.plus(delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay);
        }
    }

    private static String clientKey(String clientId, String address) {
        return "client " + (clientId == null ? "" : clientId) + " " + addressKey(address);
    }

    /** An IPv4 address as it is; an IPv6 address by its /64 prefix. */
    static String addressKey(String address) {
        if (address != null && address.indexOf(':') >= 0) { // an IPv6 literal: parsed, never looked up
            try {
                byte[] b = InetAddress.getByName(address).getAddress();
                if (b.length == 16) return "address " + HexFormat.of().formatHex(b, 0, 8) + "::/64";
            } catch (UnknownHostException e) {
                // not a literal after all: keep the text
            }
        }
        return "address " + address;
    }
}
