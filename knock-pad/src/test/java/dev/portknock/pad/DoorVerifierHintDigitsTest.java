package dev.portknock.pad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.core.Profile;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A door whose profile has two hint digits (PROTOCOL.md §3.3, version 3): each pad's knocks carry
 * hints from its own offset, so a knock is checked against its own pad and rarely another, a
 * failure is charged to at most one pad, and the index follows each region as its cursor moves.
 */
class DoorVerifierHintDigitsTest {
    private static final Profile PROFILE = Profile.builder().hintDigits(2).build();
    private static final int R = PROFILE.radix();
    private static final int[] COMMAND = {22, 60, 1};
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final Verification NO_CANDIDATE = new Verification.Rejected(Verification.Reason.NO_CANDIDATE);
    private static final Verification BAD_TAGS = new Verification.Rejected(Verification.Reason.BAD_TAGS);
    private static final Verification BEHIND_CURSOR = new Verification.Rejected(Verification.Reason.BEHIND_CURSOR);
    private static final Verification BEYOND_WINDOW = new Verification.Rejected(Verification.Reason.BEYOND_WINDOW);

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(T0);
    private final SplittableRandom random = new SplittableRandom(14);

    private static InetAddress client() throws IOException {
        return InetAddress.getByName("192.0.2.10");
    }

    /** A pad id numbered {@code n} whose bytes 0..7 give the hint offset {@code offset} (k = 12: their low 24 bits). */
    private static PadId idWithOffset(int n, long offset) {
        ByteBuffer bytes = ByteBuffer.allocate(PadId.LENGTH);
        bytes.putLong(((long) n << 32) | offset).putLong(n);
        return new PadId(bytes.array());
    }

    private Pad pad(PadId id, long knocks) throws IOException {
        int[] digits = random.ints(knocks * PROFILE.blockDigits(), 0, R).toArray();
        return TestPads.fromDigits(dir.resolve(id + ".pad"), id, PROFILE.digitBits(), digits);
    }

    /** Knock {@code j} of a pad, from a client whose cursor is moved there first. */
    private int[] knock(Pad pad, long j) throws IOException {
        InMemoryPadStateStore store = new InMemoryPadStateStore();
        PadState fresh = PadState.fresh(pad.id(), Side.CLIENT);
        store.compareAndSet(fresh, fresh.advancedTo(j, T0));
        return new KnockIssuer(PROFILE, pad, store, clock).issue(COMMAND, Optional.of(client())).digits();
    }

    private static int[] forged(int[] good) {
        int[] forged = good.clone();
        forged[forged.length - 1] ^= 1;
        return forged;
    }

    private DoorVerifier door(InMemoryPadStateStore store, List<Pad> pads) throws IOException {
        return DoorVerifier.builder(PROFILE, store).pads(pads).clock(clock).failureLimit(Integer.MAX_VALUE).build();
    }

    @Test
    void aDoorOfTenThousandPadsVerifiesTheKnockOfPad7777AndRefusesItReplayed() throws IOException {
        List<Pad> pads = new ArrayList<>();
        for (int n = 0; n < 10_000; n++) {
            pads.add(pad(TestPads.idOf("pad-" + n), 8));
        }
        InMemoryPadStateStore store = InMemoryPadStateStore.withFreshServerStates(pads.toArray(Pad[]::new));
        DoorVerifier verifier = door(store, pads);
        Pad pad = pads.get(7_777);
        int[] knock = knock(pad, 0);

        Verification.Accepted accepted = (Verification.Accepted) verifier.verify(knock, client());
        assertEquals(pad.id(), accepted.padId());
        assertEquals(0, accepted.knockIndex());
        assertEquals(1, store.read(pad.id(), Side.SERVER).cursor());
        assertEquals(BEHIND_CURSOR, verifier.verify(knock, client()));
        assertEquals(1, store.read(pad.id(), Side.SERVER).cursor());
    }

    @Test
    void garbageOnADoorOfManyPadsIsChargedToOnePadAtMostPerKnock() throws IOException {
        List<Pad> pads = new ArrayList<>();
        for (int n = 0; n < 2_000; n++) {
            pads.add(pad(TestPads.idOf("garbage-" + n), 300));
        }
        InMemoryPadStateStore store = InMemoryPadStateStore.withFreshServerStates(pads.toArray(Pad[]::new));
        DoorVerifier verifier = door(store, pads);
        int failed = 0;
        for (int i = 0; i < 2_000; i++) {
            // aimed at the pads' windows: the hint of some pad's block 0..63, the rest garbage
            Pad target = pads.get(random.nextInt(pads.size()));
            long g = (target.id().hintOffset(PROFILE) + random.nextInt(PROFILE.window())) % ((long) R * R);
            int[] garbage = random.ints(PROFILE.knockLength(), 0, R).toArray();
            garbage[0] = (int) (g / R);
            garbage[1] = (int) (g % R);
            if (verifier.verify(garbage, client()).equals(BAD_TAGS)) {
                failed++;
            }
        }
        verifier.saveFailures();
        long charged = 0;
        for (Pad pad : pads) {
            charged += store.read(pad.id(), Side.SERVER).failures();
        }
        assertEquals(2_000, failed);
        assertEquals(failed, charged);
    }

    @Test
    void aKnockNamingTwoPadsWindowsIsChargedToTheFirstPadOnly() throws IOException {
        // the same offset: both pads' windows hold the hints 1000..1063
        Pad first = pad(idWithOffset(1, 1000), 16);
        Pad second = pad(idWithOffset(2, 1000), 16);
        InMemoryPadStateStore store = InMemoryPadStateStore.withFreshServerStates(first, second);
        DoorVerifier verifier = door(store, List.of(first, second));

        assertEquals(BAD_TAGS, verifier.verify(forged(knock(second, 3)), client()));
        verifier.saveFailures();
        assertEquals(1, store.read(first.id(), Side.SERVER).failures());
        assertEquals(0, store.read(second.id(), Side.SERVER).failures());
    }

    @Test
    void aPadSharingOnlyTheHintsHighDigitIsNotCheckedNorCharged() throws IOException {
        // hints 0..255 and 300..555 at cursor 0: one high digit (0), no hint in common
        Pad low = pad(idWithOffset(1, 0), 400);
        Pad high = pad(idWithOffset(2, 300), 400);
        InMemoryPadStateStore store = InMemoryPadStateStore.withFreshServerStates(low, high);
        DoorVerifier verifier = door(store, List.of(low, high));

        assertEquals(BAD_TAGS, verifier.verify(forged(knock(high, 5)), client()));
        verifier.saveFailures();
        assertEquals(0, store.read(low.id(), Side.SERVER).failures());
        assertEquals(1, store.read(high.id(), Side.SERVER).failures());
        Verification.Accepted accepted = (Verification.Accepted) verifier.verify(knock(high, 5), client());
        assertEquals(high.id(), accepted.padId());
        assertEquals(0, store.read(low.id(), Side.SERVER).cursor());
    }

    @Test
    void aKnockWhoseHintNamesNoPadIsNoCandidateAndNeverThrottled() throws IOException {
        Pad pad = pad(idWithOffset(1, 1000), 16);
        InMemoryPadStateStore store = InMemoryPadStateStore.withFreshServerStates(pad);
        DoorVerifier verifier = DoorVerifier.builder(PROFILE, store).pads(pad).clock(clock).build();
        // high digit 0 like the pad's hints 1000..1255, but 2000 lies outside its region
        int[] stray = knock(pad, 0);
        stray[0] = 0;
        stray[1] = 2000;
        for (int i = 0; i < 20; i++) {
            assertEquals(NO_CANDIDATE, verifier.verify(stray, client()));
        }
        verifier.saveFailures();
        assertEquals(0, store.read(pad.id(), Side.SERVER).failures());
        assertTrue(verifier.verify(knock(pad, 0), client()) instanceof Verification.Accepted);
    }

    @Test
    void twoConsecutiveKnocksBeyondTheWindowResynchroniseATwoHintDigitDoor() throws IOException {
        // the resync's hints R^2 - 60 + 100 and + 101 wrap around R^2
        Pad pad = pad(idWithOffset(1, (long) R * R - 60), 200);
        InMemoryPadStateStore store = InMemoryPadStateStore.withFreshServerStates(pad);
        DoorVerifier verifier = door(store, List.of(pad));
        int[] j100 = knock(pad, 100);
        int[] j101 = knock(pad, 101);
        assertEquals(0, j100[0]);
        assertEquals(40, j100[1]);

        assertEquals(BEYOND_WINDOW, verifier.verify(j100, client()));
        assertEquals(0, store.read(pad.id(), Side.SERVER).cursor());
        Verification.Accepted accepted = (Verification.Accepted) verifier.verify(j101, client());
        assertEquals(101, accepted.knockIndex());
        assertEquals(102, store.read(pad.id(), Side.SERVER).cursor());
        assertEquals(BEHIND_CURSOR, verifier.verify(j101, client()));
    }

    @Test
    void theIndexFollowsTheRegionAcrossAHighDigit() throws IOException {
        // at cursor 0 the region's hints are R - 10 .. R + 245: high digits 0 and 1
        Pad pad = pad(idWithOffset(1, R - 10), 400);
        InMemoryPadStateStore store = InMemoryPadStateStore.withFreshServerStates(pad);
        DoorVerifier verifier = door(store, List.of(pad));
        assertTrue(verifier.opensWith(0));
        assertTrue(verifier.opensWith(1));
        assertFalse(verifier.opensWith(2));
        int[] early = knock(pad, 5);

        assertTrue(verifier.verify(knock(pad, 60), client()) instanceof Verification.Accepted);
        assertTrue(verifier.verify(knock(pad, 120), client()) instanceof Verification.Accepted);
        // cursor 121: the region starts at block 57, hint R + 47, and ends before block 377, hint R + 367
        assertFalse(verifier.opensWith(0));
        assertTrue(verifier.opensWith(1));
        assertEquals(NO_CANDIDATE, verifier.verify(early, client()));
        assertTrue(verifier.verify(knock(pad, 130), client()) instanceof Verification.Accepted);
    }
}
