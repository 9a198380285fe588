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
 * Slows down secret guessing at the token endpoint. Failed attempts are counted per caller address (an IPv6 caller
 * by its /64, which one host usually holds whole) and per (client id, address). Past a free allowance, each further
 * failure opens a delay that doubles with every one — 1 s, 2 s, 4 s … at most 15 minutes — during which that key's
 * attempts are answered 429 with {@code Retry-After}, their secrets unchecked. Never per client id alone: anyone
 * could then lock a tenant's integration out by failing on purpose from elsewhere, whereas here the client keeps
 * working from its own address. A success clears its (client id, address) failures.
 *
 * <p>Attempts still being checked are bounded too ({@value #MAX_CHECKING_PER_CLIENT_AND_ADDRESS} per client id and
 * address, {@value #MAX_CHECKING_PER_ADDRESS} per address), so a burst of concurrent guesses cannot slip past the
 * allowance while their checks run; concurrent logins of one integration stay well within that. Counts are forgotten
 * after an hour without attempts, and at most {@value #MAX_KEYS} keys are kept (the least recently used go first).
 * The clock is injected: tests move it instead of sleeping.
 */
final class LoginThrottle {
    static final int FREE_PER_CLIENT_AND_ADDRESS = 5;
    static final int FREE_PER_ADDRESS = 20;
    static final int MAX_CHECKING_PER_CLIENT_AND_ADDRESS = 10;
    static final int MAX_CHECKING_PER_ADDRESS = 50;
    static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_DELAY = Duration.ofMinutes(15);
    static final Duration FORGET_AFTER = Duration.ofHours(1);
    static final int MAX_KEYS = 100_000;

    private final Supplier<Instant> clock;
    private final Map<String, Count> counts = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Count> eldest) {
            return size() > MAX_KEYS && eldest.getValue().checking == 0;
        }
    };

    private static final class Count {
        int failures;
        int checking;
        Instant last = Instant.MIN;
        Instant blockedUntil = Instant.MIN;
    }

    LoginThrottle(Supplier<Instant> clock) {
        this.clock = clock;
    }

    /**
     * 0 when the attempt may be checked — then {@link #settle} must follow — else the seconds to wait before
     * trying again.
     */
    synchronized long admit(String clientId, String address) {
        Instant now = clock.get();
        Count byAddress = count(addressKey(address), now);
        Count byClient = count(clientKey(clientId, address), now);
        long wait = Math.max(secondsLeft(byAddress, now), secondsLeft(byClient, now));
        if (wait > 0) return wait;
        if (byAddress.checking >= MAX_CHECKING_PER_ADDRESS || byClient.checking >= MAX_CHECKING_PER_CLIENT_AND_ADDRESS) return 1;
        byAddress.checking++;
        byClient.checking++;
        return 0;
    }

    /** The admitted attempt's outcome: a failure counts against its address and its client there; a success clears the latter. */
    synchronized void settle(String clientId, String address, boolean succeeded) {
        Instant now = clock.get();
        Count byAddress = count(addressKey(address), now);
        Count byClient = count(clientKey(clientId, address), now);
        byAddress.checking = Math.max(0, byAddress.checking - 1);
        byClient.checking = Math.max(0, byClient.checking - 1);
        if (succeeded) {
            byClient.failures = 0;
            byClient.blockedUntil = Instant.MIN;
            return;
        }
        fail(byAddress, FREE_PER_ADDRESS, now);
        fail(byClient, FREE_PER_CLIENT_AND_ADDRESS, now);
    }

    private Count count(String key, Instant now) {
        Count c = counts.computeIfAbsent(key, k -> new Count());
        if (c.last.isBefore(now.minus(FORGET_AFTER))) {
            c.failures = 0;
            c.blockedUntil = Instant.MIN;
        }
        c.last = now;
        return c;
    }

    private static long secondsLeft(Count c, Instant now) {
        if (!c.blockedUntil.isAfter(now)) return 0;
        Duration left = Duration.between(now, c.blockedUntil);
        return Math.max(1, left.toSeconds() + (left.toNanosPart() > 0 ? 1 : 0));
    }

    private static void fail(Count c, int free, Instant now) {
        int over = ++c.failures - free;
        if (over > 0) c.blockedUntil = now.plus(over > 10 ? MAX_DELAY : min(FIRST_DELAY.multipliedBy(1L << (over - 1)), MAX_DELAY));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
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
