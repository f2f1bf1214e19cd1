package dev.portknock.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The value a matcher hands its listener. */
class CompletedKnockTest {
    private static final OneTimeDoor SEALED = new OneTimeDoor("sealed", Profile.builder().tagDigits(4).build());
    private static final FixedDoor SSH = new FixedDoor("ssh", FixedSequence.parse("7000,8000"),
            Duration.ofSeconds(5), TcpFlagFilter.SYN_ONLY);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static CompletedKnock knock(Door door, int... digits) throws Exception {
        return new CompletedKnock(door, InetAddress.getByName("192.0.2.10"), InetAddress.getByName("192.0.2.1"),
                digits, T0, T0.plusSeconds(1));
    }

    @Test
    void digitsAreCopiedInAndOut() throws Exception {
        int[] digits = {0, 1, 2, 3, 4, 5, 6, 7};
        CompletedKnock knock = knock(SEALED, digits);
        digits[0] = 9;
        knock.digits()[1] = 9;
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, knock.digits());
    }

    @Test
    void equalityComparesDigitsByValue() throws Exception {
        assertEquals(knock(SEALED, 0, 1, 2, 3, 4, 5, 6, 7), knock(SEALED, 0, 1, 2, 3, 4, 5, 6, 7));
        assertEquals(knock(SEALED, 0, 1, 2, 3, 4, 5, 6, 7).hashCode(), knock(SEALED, 0, 1, 2, 3, 4, 5, 6, 7).hashCode());
    }

    @Test
    void printingNeverShowsTheDigits() throws Exception {
        assertEquals("CompletedKnock[door=sealed, source=192.0.2.10, destination=192.0.2.1, digits=8,"
                + " firstPacket=2026-01-01T00:00:00Z, lastPacket=2026-01-01T00:00:01Z]",
                knock(SEALED, 4001, 4002, 4003, 4004, 4005, 4006, 4007, 4008).toString());
    }

    @Test
    void oneTimeKnockNeedsTheDoorsKnockLength() {
        assertEquals("knock must have 8 digits: 2",
                assertThrows(IllegalArgumentException.class, () -> knock(SEALED, 1, 2)).getMessage());
    }

    @Test
    void oneTimeKnockDigitsMustFitTheRadix() {
        assertEquals("knock digit out of range 0..4095",
                assertThrows(IllegalArgumentException.class, () -> knock(SEALED, 0, 1, 2, 3, 4, 5, 6, 4096)).getMessage());
    }

    @Test
    void fixedKnockCarriesNoDigits() throws Exception {
        assertEquals(0, knock(SSH).digits().length);
        assertEquals("a fixed door's knock carries no digits: 1",
                assertThrows(IllegalArgumentException.class, () -> knock(SSH, 7000)).getMessage());
    }
}
