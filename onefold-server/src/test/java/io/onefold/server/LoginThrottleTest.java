package io.onefold.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The token endpoint's throttle on its own clock: growing delays up to a cap, forgetting, concurrent checks bounded,
 * IPv6 callers by their /64.
 */
class LoginThrottleTest {
    private static final String ADDRESS = "192.0.2.1";
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(now::get);

    /** {@code n} failed attempts, each made as soon as the throttle lets it (the clock moved past each delay). */
    private void fail(String client, String address, int n) {
        for (int i = 0; i < n; i++) {
            long wait = throttle.admit(client, address);
            if (wait > 0) {
                now.updateAndGet(t -> t.plusSeconds(wait));
                assertThat(throttle.admit(client, address)).isZero();
            }
            throttle.settle(client, address, false);
        }
    }

    @Test
    void theDelayDoublesWithEachFailureUpToFifteenMinutes() {
        fail("c", ADDRESS, LoginThrottle.FREE_PER_CLIENT_AND_ADDRESS);
        assertThat(throttle.admit("c", ADDRESS)).as("within the allowance").isZero();
        throttle.settle("c", ADDRESS, false);
        assertThat(throttle.admit("c", ADDRESS)).isEqualTo(1);
        fail("c", ADDRESS, 1);
        assertThat(throttle.admit("c", ADDRESS)).isEqualTo(2);
        fail("c", ADDRESS, 1);
        assertThat(throttle.admit("c", ADDRESS)).isEqualTo(4);
        fail("c", ADDRESS, 30);
        assertThat(throttle.admit("c", ADDRESS)).isEqualTo(LoginThrottle.MAX_DELAY.toSeconds());
    }

    @Test
    void aSuccessClearsItsClientsFailuresAtThatAddressOnly() {
        fail("c", ADDRESS, LoginThrottle.FREE_PER_CLIENT_AND_ADDRESS);
        assertThat(throttle.admit("c", ADDRESS)).isZero();
        throttle.settle("c", ADDRESS, true);
        fail("c", ADDRESS, LoginThrottle.FREE_PER_CLIENT_AND_ADDRESS);
        assertThat(throttle.admit("c", ADDRESS)).as("a fresh allowance").isZero();
    }

    @Test
    void countsAreForgottenAfterAQuietHour() {
        fail("c", ADDRESS, LoginThrottle.FREE_PER_CLIENT_AND_ADDRESS + 1);
        assertThat(throttle.admit("c", ADDRESS)).isPositive();
        now.updateAndGet(t -> t.plus(LoginThrottle.FORGET_AFTER).plus(Duration.ofSeconds(1)));
        fail("c", ADDRESS, LoginThrottle.FREE_PER_CLIENT_AND_ADDRESS);
        assertThat(throttle.admit("c", ADDRESS)).isZero();
    }

    @Test
    void concurrentAttemptsStillBeingCheckedAreBounded() {
        for (int i = 0; i < LoginThrottle.MAX_CHECKING_PER_CLIENT_AND_ADDRESS; i++) assertThat(throttle.admit("c", ADDRESS)).isZero();
        assertThat(throttle.admit("c", ADDRESS)).as("one more while all are being checked").isEqualTo(1);
        throttle.settle("c", ADDRESS, true);
        assertThat(throttle.admit("c", ADDRESS)).isZero();
    }

    @Test
    void anIpv6CallerIsCountedByItsSlash64() {
        for (int i = 0; i <= LoginThrottle.FREE_PER_ADDRESS; i++) fail("probe-" + i, "2001:db8:1:2::" + Integer.toHexString(i + 1), 1);
        assertThat(throttle.admit("probe-x", "2001:db8:1:2:ffff::9")).as("another address of the same /64").isEqualTo(1);
        assertThat(throttle.admit("probe-x", "2001:db8:1:3::1")).as("another /64").isZero();
    }
}
