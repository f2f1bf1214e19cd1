package dev.portknock.pad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The failure throttle per source prefix and the places its checks in flight hold (PROTOCOL.md §5). */
class SourceThrottleTest {
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final Duration SECOND = Duration.ofSeconds(1);

    private static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    private static void fail(SourceThrottle throttle, InetAddress source, int times) {
        for (int i = 0; i < times; i++) {
            assertTrue(throttle.admit(source, T0));
            throttle.release(source, true, T0);
        }
    }

    @Test
    void aPrefixIsDroppedOnceItFailedTheLimitInTheInterval() throws Exception {
        SourceThrottle throttle = new SourceThrottle(3, SECOND, 16);
        fail(throttle, ip("192.0.2.1"), 3);
        assertFalse(throttle.admit(ip("192.0.2.1"), T0.plusMillis(999)));
    }

    @Test
    void theFailureThatReachesTheLimitSaysSo() throws Exception {
        SourceThrottle throttle = new SourceThrottle(2, SECOND, 16);
        fail(throttle, ip("192.0.2.1"), 1);
        assertTrue(throttle.admit(ip("192.0.2.1"), T0));
        assertTrue(throttle.release(ip("192.0.2.1"), true, T0));
    }

    @Test
    void aPrefixIsCheckedAgainInTheNextInterval() throws Exception {
        SourceThrottle throttle = new SourceThrottle(3, SECOND, 16);
        fail(throttle, ip("192.0.2.1"), 3);
        assertTrue(throttle.admit(ip("192.0.2.1"), T0.plus(SECOND)));
    }

    @Test
    void knocksThatDidNotFailCountNothing() throws Exception {
        SourceThrottle throttle = new SourceThrottle(1, SECOND, 16);
        for (int i = 0; i < 5; i++) {
            assertTrue(throttle.admit(ip("192.0.2.1"), T0));
            assertFalse(throttle.release(ip("192.0.2.1"), false, T0));
        }
    }

    @Test
    void checksInFlightHoldPlacesAgainstTheLimit() throws Exception {
        SourceThrottle throttle = new SourceThrottle(2, SECOND, 16);
        assertTrue(throttle.admit(ip("192.0.2.1"), T0));
        assertTrue(throttle.admit(ip("192.0.2.1"), T0));
        assertFalse(throttle.admit(ip("192.0.2.1"), T0));
        throttle.release(ip("192.0.2.1"), false, T0);
        assertTrue(throttle.admit(ip("192.0.2.1"), T0));
    }

    @Test
    void anotherPrefixIsNotAffected() throws Exception {
        SourceThrottle throttle = new SourceThrottle(1, SECOND, 16);
        fail(throttle, ip("192.0.2.1"), 1);
        assertTrue(throttle.admit(ip("192.0.2.2"), T0));
    }

    @Test
    void anIpv6SlashSixtyFourIsOnePrefix() throws Exception {
        SourceThrottle throttle = new SourceThrottle(1, SECOND, 16);
        fail(throttle, ip("2001:db8:0:1::1"), 1);
        assertFalse(throttle.admit(ip("2001:db8:0:1::2"), T0));
        assertTrue(throttle.admit(ip("2001:db8:0:2::1"), T0));
    }

    @Test
    void theLeastRecentlySeenPrefixIsForgottenPastTheCapacity() throws Exception {
        SourceThrottle throttle = new SourceThrottle(1, SECOND, 2);
        fail(throttle, ip("192.0.2.1"), 1);
        throttle.admit(ip("192.0.2.2"), T0);
        throttle.admit(ip("192.0.2.3"), T0);
        assertEquals(2, throttle.tracked());
        assertTrue(throttle.admit(ip("192.0.2.1"), T0), "its failures were forgotten with it");
    }
}
