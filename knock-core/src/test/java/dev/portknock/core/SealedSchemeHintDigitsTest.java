package dev.portknock.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Sealed knocks with two hint digits (PROTOCOL.md §3.3, version 3): the pad's offset, the hint's two digits, the arithmetic that finds the block. */
class SealedSchemeHintDigitsTest {
    private static final Profile TWO = Profile.builder().base(1).hintDigits(2).build();
    private static final SealedScheme SCHEME = new SealedScheme(TWO);
    private static final int R = 4096;
    private static final long SPACE = (long) R * R;
    private static final int[] COMMAND = {22, 60, 1};

    private static InetAddress client() throws Exception {
        return InetAddress.getByName("192.0.2.10");
    }

    private static int[] block(long j) {
        return TestDigits.slice("hint-digits", 12, (int) (j % 50) * 17, 17);
    }

    @Test
    void theHintIsTheOffsetPlusTheIndexSentHighDigitFirst() throws Exception {
        long offset = 5L * R + 4095;
        int[] knock = SCHEME.encode(3, offset, block(3), COMMAND, Optional.of(client()));
        assertEquals(12, knock.length);
        // 5 * 4096 + 4095 + 3 = 6 * 4096 + 2
        assertEquals(6, knock[0]);
        assertEquals(2, knock[1]);
        assertEquals(6L * R + 2, SCHEME.hintIn(knock));
        assertEquals(6L * R + 2, SCHEME.hintOf(offset, 3));
    }

    @Test
    void theHintWrapsAroundRSquared() throws Exception {
        long offset = SPACE - 1;
        int[] knock = SCHEME.encode(2, offset, block(2), COMMAND, Optional.of(client()));
        assertEquals(0, knock[0]);
        assertEquals(1, knock[1]);
        assertEquals(2, SCHEME.candidateIndex(0, offset, SCHEME.hintIn(knock)));
    }

    @Test
    void aKnockWithTwoHintDigitsVerifiesAndDecodes() throws Exception {
        long offset = 1_234_567;
        int[] knock = SCHEME.encode(9, offset, block(9), COMMAND, Optional.of(client()));
        assertTrue(SCHEME.verify(block(9), knock, client()));
        assertArrayEquals(COMMAND, SCHEME.decodeCommand(block(9), knock));
    }

    @Test
    void theTagsCoverBothHintDigits() throws Exception {
        int[] knock = SCHEME.encode(9, 1_234_567, block(9), COMMAND, Optional.of(client()));
        int[] highChanged = knock.clone();
        highChanged[0] ^= 1;
        int[] lowChanged = knock.clone();
        lowChanged[1] ^= 1;
        assertFalse(SCHEME.verify(block(9), highChanged, client()));
        assertFalse(SCHEME.verify(block(9), lowChanged, client()));
    }

    @Test
    void theTagsCoverTheSourceWithTwoHintDigits() throws Exception {
        int[] knock = SCHEME.encode(9, 1_234_567, block(9), COMMAND, Optional.of(client()));
        assertFalse(SCHEME.verify(block(9), knock, InetAddress.getByName("192.0.2.11")));
    }

    @Test
    void theCandidateIndexIsTheOnlyBlockOfTheNextRSquaredThatTheHintNames() {
        long offset = 777;
        for (long from : new long[] {0, 100, 5000, SPACE - 3, SPACE + 10}) {
            for (long j = from; j < from + 300; j += 37) {
                assertEquals(j, SCHEME.candidateIndex(from, offset, SCHEME.hintOf(offset, j)), "from " + from);
            }
        }
    }

    @Test
    void anotherPadsOffsetNamesABlockFarAway() {
        long hint = SCHEME.hintOf(777, 5);
        assertEquals(5 + 777 - 100_000 + SPACE, SCHEME.candidateIndex(0, 100_000, hint));
    }

    @Test
    void anOffsetOutsideRSquaredIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SCHEME.encode(0, SPACE, block(0), COMMAND, Optional.of(client())));
        assertEquals("hint offset must be in 0..16777215: 16777216", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SCHEME.hintOf(-1, 0));
        assertEquals("hint offset must be in 0..16777215: -1", e.getMessage());
    }

    @Test
    void oneHintDigitTakesNoOffset() {
        SealedScheme one = new SealedScheme(Profile.defaults());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> one.hintOf(5, 0));
        assertEquals("hint offset must be 0 with one hint digit: 5", e.getMessage());
    }

    @Test
    void oneHintDigitWithTheOffsetZeroIsVersion2() throws Exception {
        SealedScheme one = new SealedScheme(Profile.defaults());
        int[] block = block(4100);
        assertArrayEquals(one.encode(4100, block, COMMAND, Optional.of(client())),
                one.encode(4100, 0, block, COMMAND, Optional.of(client())));
        assertEquals(4, one.hintOf(0, 4100));
        assertEquals(4100, one.candidateIndex(4000, 0, 4));
        assertEquals(one.candidateIndex(4000, 4), one.candidateIndex(4000, 0, 4));
    }

    @Test
    void theOffsetlessCallsAreMisuseWithTwoHintDigits() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SCHEME.encode(0, block(0), COMMAND, Optional.of(client())));
        assertEquals("a profile with two hint digits needs the pad's hint offset", e.getMessage());
        assertThrows(IllegalStateException.class, () -> SCHEME.hintOf(0));
        assertThrows(IllegalStateException.class, () -> SCHEME.candidateIndex(0, 0));
    }
}
