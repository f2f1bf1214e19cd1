package dev.portknock.pad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portknock.core.Profile;
import dev.portknock.core.Scheme;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The door under an attacker who knows the cursor (PROTOCOL.md §5) and under drift and faults of
 * the state store (§3.4): nobody can lock a legitimate client out, a drifted client gets back in,
 * and a cursor never moves back.
 */
class DoorVerifierUnderAttackTest {
    static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    static final InetAddress CLIENT = address("192.0.2.10");

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(T0);
    final SplittableRandom random = new SplittableRandom(13);

    static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Pad pad(Profile profile, long knocks) throws IOException {
        Path file = dir.resolve("door-" + random.nextInt(1 << 30) + ".pad");
        PadGenerator.secureRandom().generate(file, profile.digitBits(), PadGenerator.digitsFor(profile, knocks),
                PadGenerator.Progress.NONE);
        return Pad.open(file);
    }

    static InMemoryPadStateStore storeFor(Pad pad) {
        return InMemoryPadStateStore.withFreshServerStates(pad);
    }

    /** A spoofed source: one of 2^24 addresses of 198.51.100.0/24 and 2001:db8:1::/48. */
    InetAddress spoofed() {
        int n = random.nextInt(1 << 24);
        try {
            if ((n & 1) == 0) {
                return InetAddress.getByAddress(new byte[] {(byte) 198, 51, 100, (byte) (n >>> 1)});
            }
            return InetAddress.getByAddress(new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 1, (byte) (n >>> 17),
                (byte) (n >>> 9), 0, 0, 0, 0, 0, 0, (byte) (n >>> 1), 1});
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Garbage aimed at the window: a hint (sealed) or first digit (raw) naming a block of the
     * window, every other digit random, as an attacker who sniffed the cursor would send.
     */
    int[] aimedGarbage(Profile profile, DoorVerifier verifier) {
        int[] knock = new int[profile.knockLength()];
        for (int i = 0; i < knock.length; i++) {
            knock[i] = random.nextInt(profile.radix());
        }
        if (profile.scheme() == Scheme.SEALED) {
            long cursor = verifier.pads().get(0).cursor();
            knock[0] = (int) ((cursor + random.nextInt(profile.window())) % profile.radix());
        }
        return knock;
    }

    /**
     * Sends 50 legitimate knocks, each after 2,000 aimed garbage knocks from spoofed sources, all
     * within one throttle interval (the clock stands still), and counts the legitimate ones accepted.
     */
    int legitimateAcceptedUnderAimedFlood(Profile profile, int[] command, DoorVerifier.Builder extra, Pad pad)
            throws IOException {
        DoorVerifier verifier = extra.pads(pad).clock(clock).build();
        KnockIssuer issuer = new KnockIssuer(profile, pad, new InMemoryPadStateStore(), clock);
        int accepted = 0;
        for (int round = 0; round < 50; round++) {
            for (int g = 0; g < 2_000; g++) {
                verifier.verify(aimedGarbage(profile, verifier), spoofed());
            }
            int[] knock = issuer.issue(command, Optional.of(CLIENT)).digits();
            if (verifier.verify(knock, CLIENT) instanceof Verification.Accepted) {
                accepted++;
            }
        }
        return accepted;
    }

    @Test
    void aimedGarbageFromSpoofedSourcesLocksNoClientOutOfASealedDoorWithoutCommandDigits() throws IOException {
        Profile profile = Profile.builder().commandDigits(0).build();
        Pad pad = pad(profile, 60);
        assertEquals(50, legitimateAcceptedUnderAimedFlood(profile, new int[0],
                DoorVerifier.builder(profile, storeFor(pad)), pad));
    }

    @Test
    void aimedGarbageFromSpoofedSourcesLocksNoClientOutOfASealedDoorWithAService() throws IOException {
        Profile profile = Profile.defaults();
        Pad pad = pad(profile, 60);
        assertEquals(50, legitimateAcceptedUnderAimedFlood(profile, new int[] {22, 60, 1},
                DoorVerifier.builder(profile, storeFor(pad)).restrictCommandDigit(0, List.of(22)), pad));
    }

    @Test
    void aimedGarbageFromSpoofedSourcesLocksNoClientOutOfARawDoor() throws IOException {
        Profile profile = Profile.builder().scheme(Scheme.RAW).commandDigits(0).tagDigits(7).build();
        Pad pad = pad(profile, 60);
        assertEquals(50, legitimateAcceptedUnderAimedFlood(profile, new int[0],
                DoorVerifier.builder(profile, storeFor(pad)), pad));
    }

    @Test
    void aSourceThatKeepsFailingIsThrottledWithoutTouchingOtherSources() throws IOException {
        Profile profile = Profile.defaults();
        Pad pad = pad(profile, 10);
        DoorVerifier verifier = DoorVerifier.builder(profile, storeFor(pad)).pads(pad).clock(clock).build();
        int[] good = new KnockIssuer(profile, pad, new InMemoryPadStateStore(), clock)
                .issue(new int[] {22, 60, 1}, Optional.of(CLIENT)).digits();
        int[] forged = good.clone();
        forged[4] ^= 1;
        InetAddress attacker = address("198.51.100.7");
        for (int i = 0; i < 8; i++) {
            assertEquals(new Verification.Rejected(Verification.Reason.BAD_TAGS), verifier.verify(forged, attacker));
        }
        assertEquals(new Verification.Throttled(), verifier.verify(forged, attacker));
        assertInstanceOf(Verification.Accepted.class, verifier.verify(good, CLIENT));
    }

    @Test
    void anIpv6SourceIsThrottledByItsSlash64() throws IOException {
        Profile profile = Profile.defaults();
        Pad pad = pad(profile, 100);
        DoorVerifier verifier = DoorVerifier.builder(profile, storeFor(pad)).pads(pad).clock(clock)
                .failureLimit(2).build();
        int[] forged = aimedGarbage(profile, verifier);
        forged[1] = 0;
        verifier.verify(forged, address("2001:db8:1:2::1"));
        verifier.verify(forged, address("2001:db8:1:2::2"));
        assertEquals(new Verification.Throttled(), verifier.verify(forged, address("2001:db8:1:2:ffff::3")));
        assertEquals(new Verification.Rejected(Verification.Reason.BAD_TAGS),
                verifier.verify(forged, address("2001:db8:1:3::1")));
    }

    /** A client whose first {@code lost} knocks never reached the server. */
    KnockIssuer clientThatLost(int lost, Profile profile, Pad pad, Optional<InetAddress> seenAs) throws IOException {
        KnockIssuer issuer = new KnockIssuer(profile, pad, new InMemoryPadStateStore(), clock);
        for (int i = 0; i < lost; i++) {
            issuer.issue(new int[] {22, 60, 1}, seenAs);
        }
        return issuer;
    }

    @Test
    void aClientThatDriftedPastTheWindowGetsBackInWithTwoConsecutiveKnocks() throws IOException {
        Profile profile = Profile.builder().window(8).build();
        Pad pad = pad(profile, 200);
        InMemoryPadStateStore store = storeFor(pad);
        DoorVerifier verifier = DoorVerifier.builder(profile, store).pads(pad).clock(clock).build();
        KnockIssuer issuer = clientThatLost(20, profile, pad, Optional.of(CLIENT));
        int[] first = issuer.issue(new int[] {22, 60, 1}, Optional.of(CLIENT)).digits();
        int[] second = issuer.issue(new int[] {22, 60, 1}, Optional.of(CLIENT)).digits();

        assertEquals(new Verification.Rejected(Verification.Reason.BEYOND_WINDOW), verifier.verify(first, CLIENT));
        assertEquals(0, verifier.pads().get(0).cursor());
        Verification.Accepted accepted = (Verification.Accepted) verifier.verify(second, CLIENT);

        assertEquals(21, accepted.knockIndex());
        assertEquals(22, store.read(pad.id(), Side.SERVER).cursor());
    }

    @Test
    void aKnockBeyondTheWindowAloneOpensNothing() throws IOException {
        Profile profile = Profile.builder().window(8).build();
        Pad pad = pad(profile, 200);
        DoorVerifier verifier = DoorVerifier.builder(profile, storeFor(pad)).pads(pad).clock(clock).build();
        KnockIssuer issuer = clientThatLost(20, profile, pad, Optional.of(CLIENT));
        int[] first = issuer.issue(new int[] {22, 60, 1}, Optional.of(CLIENT)).digits();
        issuer.issue(new int[] {22, 60, 1}, Optional.of(CLIENT));
        int[] third = issuer.issue(new int[] {22, 60, 1}, Optional.of(CLIENT)).digits();

        verifier.verify(first, CLIENT);

        assertEquals(new Verification.Rejected(Verification.Reason.BEYOND_WINDOW), verifier.verify(third, CLIENT));
        assertEquals(new Verification.Rejected(Verification.Reason.BEYOND_WINDOW), verifier.verify(first, CLIENT));
        assertEquals(0, verifier.pads().get(0).cursor());
    }

    @Test
    void theSecondKnockOfAResyncMustComeFromTheSameSource() throws IOException {
        Profile profile = Profile.builder().window(8).sourceBinding(dev.portknock.core.SourceBinding.NONE).build();
        Pad pad = pad(profile, 200);
        DoorVerifier verifier = DoorVerifier.builder(profile, storeFor(pad)).pads(pad).clock(clock).build();
        KnockIssuer issuer = clientThatLost(20, profile, pad, Optional.empty());
        int[] first = issuer.issue(new int[] {22, 60, 1}, Optional.empty()).digits();
        int[] second = issuer.issue(new int[] {22, 60, 1}, Optional.empty()).digits();

        verifier.verify(first, CLIENT);

        assertEquals(new Verification.Rejected(Verification.Reason.BEYOND_WINDOW),
                verifier.verify(second, address("198.51.100.9")));
    }

    @Test
    void aResyncHeldLongerThanItsTimeoutIsForgotten() throws IOException {
        Profile profile = Profile.builder().window(8).build();
        Pad pad = pad(profile, 200);
        DoorVerifier verifier = DoorVerifier.builder(profile, storeFor(pad)).pads(pad).clock(clock)
                .resyncTimeout(java.time.Duration.ofMinutes(5)).build();
        KnockIssuer issuer = clientThatLost(20, profile, pad, Optional.of(CLIENT));
        int[] first = issuer.issue(new int[] {22, 60, 1}, Optional.of(CLIENT)).digits();
        int[] second = issuer.issue(new int[] {22, 60, 1}, Optional.of(CLIENT)).digits();

        verifier.verify(first, CLIENT);
        clock.advance(java.time.Duration.ofMinutes(5));

        assertEquals(new Verification.Rejected(Verification.Reason.BEYOND_WINDOW), verifier.verify(second, CLIENT));
    }

    @Test
    void aReplayIsReportedAsLyingBehindTheCursor() throws IOException {
        Profile profile = Profile.defaults();
        Pad pad = pad(profile, 10);
        DoorVerifier verifier = DoorVerifier.builder(profile, storeFor(pad)).pads(pad).clock(clock).build();
        int[] knock = new KnockIssuer(profile, pad, new InMemoryPadStateStore(), clock)
                .issue(new int[] {22, 60, 1}, Optional.of(CLIENT)).digits();
        assertInstanceOf(Verification.Accepted.class, verifier.verify(knock, CLIENT));

        assertEquals(new Verification.Rejected(Verification.Reason.BEHIND_CURSOR), verifier.verify(knock, CLIENT));
    }

    /** A store whose stored cursor an operator's mistake can move back (a restored backup, a reset row). */
    static final class RewindableStore implements PadStateStore {
        final InMemoryPadStateStore delegate;
        PadState rewound;

        RewindableStore(Pad pad) {
            delegate = storeFor(pad);
        }

        @Override
        public Optional<PadState> stored(PadId padId, Side side) throws IOException {
            return rewound != null ? Optional.of(rewound) : delegate.stored(padId, side);
        }

        @Override
        public void create(PadState initial) throws IOException {
            delegate.create(initial);
        }

        @Override
        public boolean compareAndSet(PadState expected, PadState updated) throws IOException {
            if (rewound != null) {
                if (!rewound.equals(expected)) {
                    return false;
                }
                rewound = updated;
                return true;
            }
            return delegate.compareAndSet(expected, updated);
        }

        @Override
        public PadState recordFailures(PadId padId, Side side, long count, Instant at) throws IOException {
            return delegate.recordFailures(padId, side, count, at);
        }
    }

    @Test
    void aLowerCursorReadFromTheStoreIsRefusedAndTheOldKnockStaysUsed() throws IOException {
        Profile profile = Profile.defaults();
        Pad pad = pad(profile, 10);
        RewindableStore store = new RewindableStore(pad);
        DoorVerifier verifier = DoorVerifier.builder(profile, store).pads(pad).clock(clock).build();
        int[] knock = new KnockIssuer(profile, pad, new InMemoryPadStateStore(), clock)
                .issue(new int[] {22, 60, 1}, Optional.of(CLIENT)).digits();
        assertInstanceOf(Verification.Accepted.class, verifier.verify(knock, CLIENT));

        store.rewound = PadState.fresh(pad.id(), Side.SERVER);
        verifier.refresh();

        assertEquals(1, verifier.pads().get(0).cursor());
        assertEquals(new Verification.Rejected(Verification.Reason.BEHIND_CURSOR), verifier.verify(knock, CLIENT));
    }

    @Test
    void aStoreThatWentBackFailsTheNextKnockClosed() throws IOException {
        Profile profile = Profile.defaults();
        Pad pad = pad(profile, 10);
        RewindableStore store = new RewindableStore(pad);
        DoorVerifier verifier = DoorVerifier.builder(profile, store).pads(pad).clock(clock).build();
        KnockIssuer issuer = new KnockIssuer(profile, pad, new InMemoryPadStateStore(), clock);
        assertInstanceOf(Verification.Accepted.class,
                verifier.verify(issuer.issue(new int[] {22, 60, 1}, Optional.of(CLIENT)).digits(), CLIENT));

        store.rewound = PadState.fresh(pad.id(), Side.SERVER);

        IOException e = assertThrows(IOException.class,
                () -> verifier.verify(issuer.issue(new int[] {22, 60, 1}, Optional.of(CLIENT)).digits(), CLIENT));
        assertEquals("pad " + pad.id() + ": the state store holds cursor 0, behind cursor 1 already seen; refused",
                e.getMessage());
    }
}
