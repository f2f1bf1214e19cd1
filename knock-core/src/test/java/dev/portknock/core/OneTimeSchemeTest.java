package dev.portknock.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Both one-time schemes behind one interface: what an issuer and a verifier ask of either. */
class OneTimeSchemeTest {
    private static final Profile RAW = Profile.builder().scheme(Scheme.RAW).digitBits(10).tagDigits(4).base(1).build();
    private static final int[] RAW_DIGITS = TestDigits.of("vector-5", 10, 400);
    private static final PadDigits RAW_PAD = i -> RAW_DIGITS[(int) i];
    private static final int[] COMMAND = {21, 60, 1};

    private static InetAddress client() throws Exception {
        return InetAddress.getByName("192.0.2.10");
    }

    private static int[] rawBlock(long j) {
        return TestDigits.slice("vector-5", 10, (int) j * 4, 4);
    }

    @Test
    void aRawProfileGivesTheRawScheme() {
        assertInstanceOf(RawScheme.class, OneTimeScheme.of(RAW));
    }

    @Test
    void aSealedProfileGivesTheSealedScheme() {
        assertInstanceOf(SealedScheme.class, OneTimeScheme.of(Profile.defaults()));
    }

    @Test
    void aKnockHasTheProfilesDigitsAndABlockItsPadDigits() {
        OneTimeScheme sealed = OneTimeScheme.of(Profile.defaults());
        assertEquals(Profile.defaults().knockLength(), sealed.knockDigits());
        assertEquals(Profile.defaults().blockDigits(), sealed.blockDigits());
        assertEquals(7, OneTimeScheme.of(RAW).knockDigits());
        assertEquals(4, OneTimeScheme.of(RAW).blockDigits());
    }

    @Test
    void theRawVectorR1IsEncodedThroughTheInterface() {
        OneTimeScheme scheme = OneTimeScheme.of(RAW);
        assertArrayEquals(new int[] {790, 509, 375, 690, 21, 60, 1},
                scheme.encode(0, 0, rawBlock(0), COMMAND, Optional.empty()));
        assertArrayEquals(new int[] {878, 671, 329, 647, 21, 60, 1},
                scheme.encode(1, 0, rawBlock(1), COMMAND, Optional.empty()));
    }

    @Test
    void aRawKnockHasNoHintOffset() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OneTimeScheme.of(RAW).encode(0, 1, rawBlock(0), COMMAND, Optional.empty()));
        assertEquals("hint offset must be 0 with one hint digit: 1", e.getMessage());
    }

    @Test
    void aRawKnockIndexMustNotBeNegative() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OneTimeScheme.of(RAW).encode(-1, 0, rawBlock(0), COMMAND, Optional.empty()));
        assertEquals("knock index must not be negative: -1", e.getMessage());
    }

    @Test
    void aRawKnockVerifiesAgainstItsBlockFromAnySource() throws Exception {
        OneTimeScheme scheme = OneTimeScheme.of(RAW);
        int[] knock = scheme.encode(0, 0, rawBlock(0), COMMAND, Optional.empty());
        assertTrue(scheme.verify(rawBlock(0), knock, client()));
        assertTrue(scheme.verify(rawBlock(0), knock, InetAddress.getByName("198.51.100.7")));
        assertFalse(scheme.verify(rawBlock(1), knock, client()));
    }

    @Test
    void aRawKnocksCommandIsReadInClear() {
        OneTimeScheme scheme = OneTimeScheme.of(RAW);
        int[] knock = scheme.encode(0, 0, rawBlock(0), COMMAND, Optional.empty());
        assertArrayEquals(COMMAND, scheme.decodeCommand(rawBlock(0), knock));
    }

    @Test
    void aRawKnocksHintIsItsFirstDigit() {
        OneTimeScheme scheme = OneTimeScheme.of(RAW);
        assertEquals(790, scheme.hintIn(scheme.encode(0, 0, rawBlock(0), COMMAND, Optional.empty())));
    }

    @Test
    void aRawBlockIsFiledUnderItsFirstPadDigit() {
        OneTimeScheme scheme = OneTimeScheme.of(RAW);
        assertEquals(790, scheme.firstDigitOf(0, 0, RAW_PAD));
        assertEquals(878, scheme.firstDigitOf(1, 0, RAW_PAD));
    }

    @Test
    void rawCandidatesAreTheBlocksStartingWithTheDigitInOrder() {
        OneTimeScheme scheme = OneTimeScheme.of(RAW);
        int digit = RAW_DIGITS[4 * 37];
        long first = scheme.nextCandidate(0, 100, 0, digit, RAW_PAD);
        for (long j = 0; j < first; j++) {
            assertTrue(RAW_DIGITS[(int) j * 4] != digit);
        }
        assertEquals(digit, RAW_DIGITS[(int) first * 4]);
        assertEquals(100, scheme.nextCandidate(38, 100, 0, 1024, RAW_PAD), "no 10-bit digit is 1024");
    }

    @Test
    void aRawRangeStartsAKnockWithADigitWhenOneOfItsBlocksBeginsWithIt() {
        OneTimeScheme scheme = OneTimeScheme.of(RAW);
        assertTrue(scheme.startsWithin(0, 2, 878, 0, RAW_PAD));
        assertFalse(scheme.startsWithin(0, 1, 878, 0, RAW_PAD));
        assertFalse(scheme.startsWithin(1, 1, 878, 0, RAW_PAD));
    }

    @Test
    void aSealedBlockWithTwoHintDigitsIsFiledUnderItsHintsHighDigit() {
        SealedScheme scheme = new SealedScheme(Profile.builder().hintDigits(2).build());
        long offset = 5L * 4096 + 4095;
        assertEquals(5, scheme.firstDigitOf(0, offset, i -> {
            throw new AssertionError("a sealed scheme does not read the pad");
        }));
        assertEquals(6, scheme.firstDigitOf(1, offset, null));
    }

    @Test
    void aSealedBlockWithOneHintDigitIsFiledUnderItsHint() {
        SealedScheme scheme = new SealedScheme(Profile.defaults());
        assertEquals(7, scheme.firstDigitOf(4096 + 7, 0, null));
    }

    @Test
    void aSealedHintNamesAtMostOneBlockOfARegion() {
        SealedScheme scheme = new SealedScheme(Profile.defaults());
        assertEquals(4096 + 7, scheme.nextCandidate(4000, 4200, 0, 7, null));
        assertEquals(4100, scheme.nextCandidate(4000, 4100, 0, 7, null));
    }

    @Test
    void sealedStartsWithinAgreesWithAScanOfTheRange() {
        // k = 6: R = 64, R^2 = 4096 with two hint digits, small enough to scan every block
        SplittableRandom random = new SplittableRandom(17);
        for (int hintDigits = 1; hintDigits <= 2; hintDigits++) {
            Profile profile = Profile.builder().digitBits(6).base(1).tagDigits(14).hintDigits(hintDigits).window(8)
                    .acceptWeakness().build();
            SealedScheme scheme = new SealedScheme(profile);
            for (int trial = 0; trial < 2000; trial++) {
                long offset = profile.hintOffsetOf(random.nextLong());
                long from = random.nextLong(10_000);
                long to = from + random.nextLong(trial % 2 == 0 ? 2 * profile.radix() : 2 * profile.hintSpace());
                int digit = random.nextInt(profile.radix());
                boolean scanned = false;
                for (long j = from; j < to && !scanned; j++) {
                    scanned = scheme.firstDigitOf(j, offset, null) == digit;
                }
                assertEquals(scanned, scheme.startsWithin(from, to, digit, offset, null),
                        "P=" + hintDigits + " o=" + offset + " [" + from + ", " + to + ") digit " + digit);
            }
        }
    }

    @Test
    void onlyTheSealedSchemeLooksOutsideTheWindowAndLocatesByArithmetic() {
        OneTimeScheme sealed = OneTimeScheme.of(Profile.defaults());
        OneTimeScheme raw = OneTimeScheme.of(RAW);
        assertTrue(sealed.recognisesOutsideWindow());
        assertTrue(sealed.locatesByArithmetic());
        assertFalse(raw.recognisesOutsideWindow());
        assertFalse(raw.locatesByArithmetic());
    }

    @Test
    void aSealedKnockThroughTheInterfaceIsTheSchemesOwn() throws Exception {
        SealedScheme sealed = new SealedScheme(Profile.defaults());
        OneTimeScheme scheme = sealed;
        int[] block = TestDigits.slice("vector-1", 12, 0, Profile.defaults().blockDigits());
        assertArrayEquals(sealed.encode(3, block, new int[] {22, 60, 1}, Optional.of(client())),
                scheme.encode(3, 0, block, new int[] {22, 60, 1}, Optional.of(client())));
    }
}
