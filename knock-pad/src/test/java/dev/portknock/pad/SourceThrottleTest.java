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

    /**
     * /64 prefixes an attacker can choose so that their hash codes are all equal: the prefix's two
     * 32-bit halves the same, so their XOR (what {@code Long.hashCode} returns) is 0 for each.
     */
    private static InetAddress[] sourcesOfOneHashCode(int count) throws Exception {
        InetAddress[] sources = new InetAddress[count];
        for (int i = 0; i < count; i++) {
            long bits = (long) (i + 1) << 32 | (i + 1);
            byte[] address = new byte[16];
            for (int b = 0; b < 8; b++) {
                address[b] = (byte) (bits >>> (56 - 8 * b));
            }
            address[15] = 1;
            sources[i] = InetAddress.getByAddress(address);
        }
        return sources;
    }

    @Test
    void chosenPrefixesCanShareOneHashCode() throws Exception {
        InetAddress[] sources = sourcesOfOneHashCode(3);
        SourceThrottle.Prefix first = SourceThrottle.Prefix.of(sources[0]);
        SourceThrottle.Prefix second = SourceThrottle.Prefix.of(sources[1]);

        assertEquals(first.hashCode(), second.hashCode());
        assertFalse(first.equals(second));
    }

    @Test
    void prefixesOfOneHashCodeAreOrderedConsistentlyWithEquals() throws Exception {
        InetAddress[] sources = sourcesOfOneHashCode(64);
        for (InetAddress a : sources) {
            for (InetAddress b : sources) {
                SourceThrottle.Prefix x = SourceThrottle.Prefix.of(a);
                SourceThrottle.Prefix y = SourceThrottle.Prefix.of(b);
                assertEquals(x.equals(y), x.compareTo(y) == 0);
                assertEquals(Integer.signum(x.compareTo(y)), -Integer.signum(y.compareTo(x)));
            }
        }
    }

    @Test
    void ipv4PrefixesOrderBeforeIpv6AndByTheirBitsUnsigned() throws Exception {
        SourceThrottle.Prefix low = SourceThrottle.Prefix.of(ip("192.0.2.1"));
        SourceThrottle.Prefix high = SourceThrottle.Prefix.of(ip("198.51.100.1"));
        SourceThrottle.Prefix v6 = SourceThrottle.Prefix.of(ip("2001:db8::1"));
        SourceThrottle.Prefix v6Top = SourceThrottle.Prefix.of(ip("ff02::1"));

        assertTrue(low.compareTo(high) < 0);
        assertTrue(high.compareTo(v6) < 0);
        assertTrue(v6.compareTo(v6Top) < 0, "bits compare unsigned: ff02:: is above 2001:db8::");
    }

    @Test
    void prefixesOfOneHashCodeAreThrottledEachOnItsOwn() throws Exception {
        InetAddress[] sources = sourcesOfOneHashCode(4_096);
        SourceThrottle throttle = new SourceThrottle(2, SECOND, sources.length);
        for (InetAddress source : sources) {
            fail(throttle, source, 1);
        }
        fail(throttle, sources[7], 1);

        assertEquals(sources.length, throttle.tracked());
        assertFalse(throttle.admit(sources[7], T0));
        assertTrue(throttle.admit(sources[8], T0));
    }
}
