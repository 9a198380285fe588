package io.onefold.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The token endpoint's throttle on its own clock: growing delays, a cap, forgetting, IPv6 callers by their /64. */
class LoginThrottleTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(now::get);

    /** Fails {@code n} admitted attempts of the client at the address, moving the clock past each delay. */
    private long failAfterWaiting(String client, String address, int n) {
        long last = 0;
        for (int i = 0; i < n; i++) {
            long wait = throttle.admit(client, address);
            if (wait > 0) {
                now.updateAndGet(t -> t.plusSeconds(wait));
                assertThat(throttle.admit(client, address)).isZero();
            }
            last = wait;
        }
        return last;
    }

    @Test
    void theDelayDoublesUpToFifteenMinutes() {
        failAfterWaiting("c", "192.0.2.1", LoginThrottle.FREE_PER_CLIENT_AND_ADDRESS);
        assertThat(throttle.admit("c", "192.0.2.1")).isZero();
        assertThat(throttle.admit("c", "192.0.2.1")).isEqualTo(1);
        failAfterWaiting("c", "192.0.2.1", 1);
        assertThat(throttle.admit("c", "192.0.2.1")).isEqualTo(2);
        failAfterWaiting("c", "192.0.2.1", 30);
        assertThat(throttle.admit("c", "192.0.2.1")).isEqualTo(LoginThrottle.MAX_DELAY.toSeconds());
    }

    @Test
    void countsAreForgottenAfterAQuietHour() {
        failAfterWaiting("c", "192.0.2.1", LoginThrottle.FREE_PER_CLIENT_AND_ADDRESS + 1);
        assertThat(throttle.admit("c", "192.0.2.1")).isPositive();
        now.updateAndGet(t -> t.plus(LoginThrottle.FORGET_AFTER).plus(Duration.ofSeconds(1)));
        for (int i = 0; i < LoginThrottle.FREE_PER_CLIENT_AND_ADDRESS; i++) assertThat(throttle.admit("c", "192.0.2.1")).isZero();
    }

    @Test
    void anIpv6CallerIsCountedByItsSlash64() {
        for (int i = 0; i <= LoginThrottle.FREE_PER_ADDRESS; i++) assertThat(throttle.admit("probe-" + i, "2001:db8:1:2::" + Integer.toHexString(i + 1))).isZero();
        assertThat(throttle.admit("probe-x", "2001:db8:1:2:ffff::9")).as("another address of the same /64").isEqualTo(1);
        assertThat(throttle.admit("probe-x", "2001:db8:1:3::1")).as("another /64").isZero();
    }
}
