package dev.portknock.pad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.core.Profile;
import dev.portknock.core.Scheme;
import dev.portknock.core.SourceBinding;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The knock vectors of PROTOCOL.md §6 through the issuer and the verifier, on pads of test digits. */
class ProtocolVectorsTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), java.time.ZoneOffset.UTC);

    @TempDir
    Path dir;

    static Profile sealed(int k, int m, int a, SourceBinding binding) {
        return Profile.builder().digitBits(k).commandDigits(m).tagDigits(a).sourceBinding(binding)
                .base(1).acceptWeakness().build();
    }

    static InetAddress ip(String text) throws IOException {
        return InetAddress.getByName(text);
    }

    /** The V1 knocks for blocks 100 and 101 of the {@code vector-6} pad, from 192.0.2.10. */
    static final int[] V1_J100 = {100, 1588, 564, 2697, 531, 2461, 2938, 85, 60, 2007, 152};
    static final int[] V1_J101 = {101, 3867, 1094, 2318, 2680, 3571, 305, 2536, 1881, 1174, 3258};

    @Test
    void v1TwoConsecutiveKnocksBeyondTheWindowResynchronise() throws IOException {
        Profile profile = Profile.builder().base(1).build();
        Pad pad = TestPads.fromSeed(dir, "vector-6", 12, 200 * 17);
        InMemoryPadStateStore store = InMemoryPadStateStore.withFreshServerStates(pad);
        DoorVerifier verifier = DoorVerifier.builder(profile, store).pads(pad).clock(CLOCK).build();
        assertEquals(new Verification.Rejected(Verification.Reason.BEYOND_WINDOW), verifier.verify(V1_J100, ip("192.0.2.10")));
        assertEquals(0, store.read(pad.id(), Side.SERVER).cursor());
        Verification.Accepted accepted = (Verification.Accepted) verifier.verify(V1_J101, ip("192.0.2.10"));
        assertEquals(101, accepted.knockIndex());
        assertArrayEquals(new int[] {22, 60, 1}, accepted.command());
        assertEquals(102, store.read(pad.id(), Side.SERVER).cursor());
        assertEquals(new Verification.Rejected(Verification.Reason.BEHIND_CURSOR), verifier.verify(V1_J101, ip("192.0.2.10")));
    }

    @Test
    void v1TheSecondKnockAloneOrFromAnotherSourceIsHeldNotAccepted() throws IOException {
        Profile profile = Profile.builder().base(1).build();
        Pad pad = TestPads.fromSeed(dir, "vector-6", 12, 200 * 17);
        DoorVerifier alone = DoorVerifier.builder(profile, InMemoryPadStateStore.withFreshServerStates(pad)).pads(pad)
                .clock(CLOCK).build();
        assertEquals(new Verification.Rejected(Verification.Reason.BEYOND_WINDOW), alone.verify(V1_J101, ip("192.0.2.10")));
        DoorVerifier unbound = DoorVerifier.builder(profile.toBuilder().sourceBinding(SourceBinding.NONE).build(),
                InMemoryPadStateStore.withFreshServerStates(pad)).pads(pad).clock(CLOCK).build();
        int[] j100 = new KnockIssuerAt(profile.toBuilder().sourceBinding(SourceBinding.NONE).build(), pad).knock(100);
        int[] j101 = new KnockIssuerAt(profile.toBuilder().sourceBinding(SourceBinding.NONE).build(), pad).knock(101);
        assertEquals(new Verification.Rejected(Verification.Reason.BEYOND_WINDOW), unbound.verify(j100, ip("192.0.2.10")));
        assertEquals(new Verification.Rejected(Verification.Reason.BEYOND_WINDOW), unbound.verify(j101, ip("192.0.2.11")));
    }

    /** Knocks of a pad at a chosen index, through a client whose cursor is moved there first. */
    record KnockIssuerAt(Profile profile, Pad pad) {
        int[] knock(long index) throws IOException {
            InMemoryPadStateStore store = new InMemoryPadStateStore();
            PadState fresh = PadState.fresh(pad.id(), Side.CLIENT);
            store.compareAndSet(fresh, fresh.advancedTo(index, CLOCK.instant()));
            return new KnockIssuer(profile, pad, store, CLOCK).issue(new int[] {22, 60, 1}, Optional.empty()).digits();
        }
    }

    @Test
    void s1SealedBoundToIpv4() throws IOException {
        Profile profile = sealed(12, 3, 4, SourceBinding.BIND);
        Pad pad = TestPads.fromSeed(dir, "vector-1", 12, 3 * 11);
        int[][] expected = {
            {0, 2629, 137, 316, 864, 902, 3154, 2635},
            {1, 2942, 3406, 1829, 734, 3677, 2143, 3744},
            {2, 3271, 2060, 694, 1826, 3624, 3348, 1584},
        };
        KnockIssuer issuer = new KnockIssuer(profile, pad, new InMemoryPadStateStore(), CLOCK);
        DoorVerifier verifier = DoorVerifier.builder(profile, InMemoryPadStateStore.withFreshServerStates(pad)).pads(pad).clock(CLOCK).build();
        for (int j = 0; j < expected.length; j++) {
            IssuedKnock knock = issuer.issue(new int[] {22, 60, 1}, Optional.of(ip("192.0.2.10")));
            assertArrayEquals(expected[j], knock.digits(), "j=" + j);
            assertEquals(j, knock.knockIndex());
            if (j == 0) {
                assertEquals(new Verification.Rejected(Verification.Reason.BAD_TAGS),
                        verifier.verify(expected[0], ip("192.0.2.11")));
            }
            Verification result = verifier.verify(knock.digits(), ip("192.0.2.10"));
            assertEquals(new Verification.Accepted(pad.id(), j, new int[] {22, 60, 1}, 2 - j, true), result);
            if (j == 0) {
                // rejected with server cursor 1; since protocol version 2 recognised as lying behind it (§3.4)
                assertEquals(new Verification.Rejected(Verification.Reason.BEHIND_CURSOR),
                        verifier.verify(expected[0], ip("192.0.2.10")));
            }
        }
    }

    @Test
    void s2SealedUnbound() throws IOException {
        Profile profile = sealed(8, 0, 6, SourceBinding.NONE);
        Pad pad = TestPads.fromSeed(dir, "vector-2", 8, 2 * 12);
        KnockIssuer issuer = new KnockIssuer(profile, pad, new InMemoryPadStateStore(), CLOCK);
        DoorVerifier verifier = DoorVerifier.builder(profile, InMemoryPadStateStore.withFreshServerStates(pad)).pads(pad).clock(CLOCK).build();
        int[][] expected = {{0, 74, 22, 206, 46, 250, 26}, {1, 59, 247, 165, 109, 57, 225}};
        for (int j = 0; j < 2; j++) {
            IssuedKnock knock = issuer.issue(new int[0], Optional.empty());
            assertArrayEquals(expected[j], knock.digits());
            assertTrue(verifier.verify(knock.digits(), ip("198.51.100.7")) instanceof Verification.Accepted);
        }
    }

    @Test
    void s3SealedBoundToIpv6() throws IOException {
        Profile profile = sealed(12, 3, 4, SourceBinding.BIND);
        Pad pad = TestPads.fromSeed(dir, "vector-3", 12, 8 * 11);
        InMemoryPadStateStore clientStore = new InMemoryPadStateStore();
        KnockIssuer issuer = new KnockIssuer(profile, pad, clientStore, CLOCK);
        DoorVerifier verifier = DoorVerifier.builder(profile, InMemoryPadStateStore.withFreshServerStates(pad)).pads(pad).clock(CLOCK).build();
        Optional<InetAddress> source = Optional.of(ip("2001:db8::10"));
        IssuedKnock first = issuer.issue(new int[] {443, 3600, 0}, source);
        assertArrayEquals(new int[] {0, 1316, 7, 855, 2327, 3437, 3146, 430}, first.digits());
        PadState at1 = clientStore.read(pad.id(), Side.CLIENT);
        assertTrue(clientStore.compareAndSet(at1, at1.advancedTo(7, CLOCK.instant())));
        IssuedKnock seventh = issuer.issue(new int[] {22, 30, 5}, source);
        assertArrayEquals(new int[] {7, 2386, 2467, 1932, 1534, 2971, 1098, 2100}, seventh.digits());
        assertEquals(new Verification.Accepted(pad.id(), 0, new int[] {443, 3600, 0}, 7, true),
                verifier.verify(first.digits(), source.get()));
        assertEquals(new Verification.Accepted(pad.id(), 7, new int[] {22, 30, 5}, 0, true),
                verifier.verify(seventh.digits(), source.get()));
    }

    @Test
    void s5TwoHintDigitsFromThePadsOffset() throws IOException {
        Profile profile = Profile.builder().base(1).hintDigits(2).build();
        PadId id = PadId.parse("f0e1d2c3b4a5968778695a4b3c2d1e0f");
        int[] digits = dev.portknock.core.TestDigits.of("vector-7", 12, 4 * 17);
        Pad pad = TestPads.fromDigits(dir.resolve("s5.pad"), id, 12, digits);
        assertEquals(10_851_975, id.hintOffset(profile));
        int[][] expected = {
            {2649, 1671, 2022, 45, 532, 3364, 3302, 3830, 3266, 434, 1134, 15},
            {2649, 1672, 3507, 2189, 3933, 3420, 810, 1322, 33, 14, 2670, 2334},
        };
        KnockIssuer issuer = new KnockIssuer(profile, pad, new InMemoryPadStateStore(), CLOCK);
        DoorVerifier verifier = DoorVerifier.builder(profile, InMemoryPadStateStore.withFreshServerStates(pad))
                .pads(pad).clock(CLOCK).build();
        for (int j = 0; j < expected.length; j++) {
            IssuedKnock knock = issuer.issue(new int[] {22, 60, 1}, Optional.of(ip("192.0.2.10")));
            assertArrayEquals(expected[j], knock.digits(), "j=" + j);
            if (j == 0) {
                assertEquals(new Verification.Rejected(Verification.Reason.BAD_TAGS),
                        verifier.verify(expected[0], ip("192.0.2.11")));
            }
            assertEquals(new Verification.Accepted(pad.id(), j, new int[] {22, 60, 1}, 3 - j, true),
                    verifier.verify(knock.digits(), ip("192.0.2.10")));
        }
        assertEquals(new Verification.Rejected(Verification.Reason.BEHIND_CURSOR),
                verifier.verify(expected[0], ip("192.0.2.10")));
    }

    @Test
    void s5TheKnockIsNoCandidateOfTheSameDigitsUnderAnotherId() throws IOException {
        Profile profile = Profile.builder().base(1).hintDigits(2).build();
        PadId other = PadId.parse("000102030405060708090a0b0c0d0e0f");
        Pad pad = TestPads.fromDigits(dir.resolve("s5-other.pad"), other, 12,
                dev.portknock.core.TestDigits.of("vector-7", 12, 4 * 17));
        assertEquals(329_223, other.hintOffset(profile));
        DoorVerifier verifier = DoorVerifier.builder(profile, InMemoryPadStateStore.withFreshServerStates(pad))
                .pads(pad).clock(CLOCK).build();
        assertEquals(new Verification.Rejected(Verification.Reason.NO_CANDIDATE), verifier.verify(
                new int[] {2649, 1671, 2022, 45, 532, 3364, 3302, 3830, 3266, 434, 1134, 15}, ip("192.0.2.10")));
    }

    @Test
    void r1RawWithClearCommand() throws IOException {
        Profile profile = Profile.builder().scheme(Scheme.RAW).digitBits(10).commandDigits(3).tagDigits(4)
                .base(1).acceptWeakness().build();
        Pad pad = TestPads.fromSeed(dir, "vector-5", 10, 2 * 4);
        KnockIssuer issuer = new KnockIssuer(profile, pad, new InMemoryPadStateStore(), CLOCK);
        DoorVerifier verifier = DoorVerifier.builder(profile, InMemoryPadStateStore.withFreshServerStates(pad)).pads(pad).clock(CLOCK).build();
        int[][] expected = {{790, 509, 375, 690, 21, 60, 1}, {878, 671, 329, 647, 21, 60, 1}};
        for (int j = 0; j < 2; j++) {
            IssuedKnock knock = issuer.issue(new int[] {21, 60, 1}, Optional.empty());
            assertArrayEquals(expected[j], knock.digits());
            assertArrayEquals(java.util.Arrays.stream(expected[j]).map(d -> d + 1).toArray(), knock.ports());
            assertEquals(new Verification.Accepted(pad.id(), j, new int[] {21, 60, 1}, 1 - j, true),
                    verifier.verify(knock.digits(), ip("192.0.2.99")));
        }
    }
}
