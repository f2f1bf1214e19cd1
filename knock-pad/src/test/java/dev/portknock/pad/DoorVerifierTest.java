package dev.portknock.pad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.core.Profile;
import dev.portknock.core.Scheme;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server side: replay, binding, window, exhaustion, throttling, low water, indexing, crashes. */
class DoorVerifierTest {
    static final int[] COMMAND = {22, 60, 1};
    static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(T0);

    static InetAddress ip(String text) throws IOException {
        return InetAddress.getByName(text);
    }

    static Profile sealedWindow(int window) {
        return Profile.builder().window(window).build();
    }

    Pad randomPad(String name, Profile profile, long knocks) throws IOException {
        Path file = dir.resolve(name + ".pad");
        PadGenerator.secureRandom().generate(file, profile.digitBits(), PadGenerator.digitsFor(profile, knocks),
                PadGenerator.Progress.NONE);
        return Pad.open(file);
    }

    KnockIssuer issuer(Profile profile, Pad pad) {
        return new KnockIssuer(profile, pad, new InMemoryPadStateStore(), clock);
    }

    int[] knock(KnockIssuer issuer) throws IOException {
        return issuer.issue(COMMAND, Optional.of(ip("192.0.2.10"))).digits();
    }

    @Test
    void replayOfEachOfTenThousandAcceptedKnocksIsRejected() throws IOException {
        Profile profile = Profile.defaults();
        Pad pad = randomPad("replay", profile, 10_001);
        KnockIssuer issuer = issuer(profile, pad);
        DoorVerifier verifier = DoorVerifier.builder(profile, InMemoryPadStateStore.withFreshServerStates(pad)).pads(pad).clock(clock).build();
        for (int j = 0; j < 10_000; j++) {
            int[] knock = knock(issuer);
            assertInstanceOf(Verification.Accepted.class, verifier.verify(knock, ip("192.0.2.10")), "j=" + j);
            assertInstanceOf(Verification.Rejected.class, verifier.verify(knock, ip("192.0.2.10")), "replay j=" + j);
        }
    }

    @Test
    void aBoundKnockFromAnotherAddressIsRejectedAndConsumesNothing() throws IOException {
        Profile profile = Profile.defaults();
        Pad pad = randomPad("bound", profile, 10);
        DoorVerifier verifier = DoorVerifier.builder(profile, InMemoryPadStateStore.withFreshServerStates(pad)).pads(pad).clock(clock).build();
        int[] knock = knock(issuer(profile, pad));
        assertEquals(new Verification.Rejected(Verification.Reason.BAD_TAGS), verifier.verify(knock, ip("192.0.2.11")));
        assertEquals(0, verifier.pads().get(0).cursor());
        assertInstanceOf(Verification.Accepted.class, verifier.verify(knock, ip("192.0.2.10")));
    }

    @Test
    void upToWindowMinusOneLostKnocksAreRecovered() throws IOException {
        Profile profile = sealedWindow(8);
        Pad pad = randomPad("lost", profile, 40);
        KnockIssuer issuer = issuer(profile, pad);
        DoorVerifier verifier = DoorVerifier.builder(profile, InMemoryPadStateStore.withFreshServerStates(pad)).pads(pad).clock(clock).build();
        for (int lost = 0; lost < 7; lost++) {
            knock(issuer);
        }
        Verification result = verifier.verify(knock(issuer), ip("192.0.2.10"));
        assertEquals(7, ((Verification.Accepted) result).knockIndex());
        assertEquals(8, verifier.pads().get(0).cursor());
    }

    @Test
    void windowManyLostKnocksAreNotRecovered() throws IOException {
        Profile profile = sealedWindow(8);
        Pad pad = randomPad("toofar", profile, 40);
        KnockIssuer issuer = issuer(profile, pad);
        DoorVerifier verifier = DoorVerifier.builder(profile, InMemoryPadStateStore.withFreshServerStates(pad)).pads(pad).clock(clock).build();
        for (int lost = 0; lost < 8; lost++) {
            knock(issuer);
        }
        assertEquals(new Verification.Rejected(Verification.Reason.BEYOND_WINDOW),
                verifier.verify(knock(issuer), ip("192.0.2.10")));
        assertEquals(0, verifier.pads().get(0).cursor());
    }

    @Test
    void theLastKnockIsAcceptedThenTheDoorIsExhausted() throws IOException {
        Profile profile = Profile.defaults();
        Pad pad = randomPad("short", profile, 2);
        KnockIssuer issuer = issuer(profile, pad);
        DoorVerifier verifier = DoorVerifier.builder(profile, InMemoryPadStateStore.withFreshServerStates(pad)).pads(pad).clock(clock).build();
        int[] first = knock(issuer);
        int[] second = knock(issuer);
        assertInstanceOf(Verification.Accepted.class, verifier.verify(first, ip("192.0.2.10")));
        Verification.Accepted last = (Verification.Accepted) verifier.verify(second, ip("192.0.2.10"));
        assertEquals(0, last.knocksLeft());
        assertEquals(new Verification.Rejected(Verification.Reason.BEHIND_CURSOR),
                verifier.verify(second, ip("192.0.2.10")));
        int[] afterTheEnd = second.clone();
        afterTheEnd[0] = 100;
        assertEquals(new Verification.Exhausted(pad.id(), pad.id().toString()),
                verifier.verify(afterTheEnd, ip("192.0.2.10")));
        assertTrue(verifier.pads().get(0).exhausted());
    }

    @Test
    void anExhaustedClientSaysSo() throws IOException {
        Profile profile = Profile.defaults();
        Pad pad = randomPad("client", profile, 1);
        KnockIssuer issuer = issuer(profile, pad);
        knock(issuer);
        PadExhaustedException e = assertThrows(PadExhaustedException.class, () -> knock(issuer));
        assertEquals("pad " + pad.id() + " is exhausted: all 1 knocks are used", e.getMessage());
        assertEquals(pad.id(), e.padId());
    }

    @Test
    void lowWaterIsFlaggedBelowTheMark() throws IOException {
        Profile profile = Profile.defaults();
        Pad pad = randomPad("low", profile, 5);
        KnockIssuer issuer = issuer(profile, pad);
        DoorVerifier verifier = DoorVerifier.builder(profile, InMemoryPadStateStore.withFreshServerStates(pad)).pads(pad).clock(clock)
                .lowWater(3).build();
        assertFalse(((Verification.Accepted) verifier.verify(knock(issuer), ip("192.0.2.10"))).lowWater());
        assertFalse(((Verification.Accepted) verifier.verify(knock(issuer), ip("192.0.2.10"))).lowWater());
        Verification.Accepted third = (Verification.Accepted) verifier.verify(knock(issuer), ip("192.0.2.10"));
        assertEquals(2, third.knocksLeft());
        assertTrue(third.lowWater());
    }

    @Test
    void failuresPastTheLimitThrottleTheSourceUntilTheIntervalEnds() throws IOException {
        Profile profile = Profile.defaults();
        Pad pad = randomPad("throttle", profile, 10);
        InMemoryPadStateStore store = InMemoryPadStateStore.withFreshServerStates(pad);
        DoorVerifier verifier = DoorVerifier.builder(profile, store).pads(pad).clock(clock).build();
        int[] good = knock(issuer(profile, pad));
        int[] forged = good.clone();
        forged[4] ^= 1;
        for (int i = 0; i < 8; i++) {
            assertEquals(new Verification.Rejected(Verification.Reason.BAD_TAGS),
                    verifier.verify(forged, ip("198.51.100.1")));
        }
        assertEquals(new Verification.Throttled(), verifier.verify(forged, ip("198.51.100.1")));
        clock.advance(Duration.ofMillis(999));
        assertEquals(new Verification.Throttled(), verifier.verify(forged, ip("198.51.100.1")));
        clock.advance(Duration.ofMillis(1));
        assertEquals(new Verification.Rejected(Verification.Reason.BAD_TAGS),
                verifier.verify(forged, ip("198.51.100.1")));
        assertInstanceOf(Verification.Accepted.class, verifier.verify(good, ip("192.0.2.10")));
        assertEquals(9, store.read(pad.id(), Side.SERVER).failures());
    }

    @Test
    void theFailureLimitAndIntervalAreConfigurable() throws IOException {
        Profile profile = Profile.defaults();
        Pad pad = randomPad("limit", profile, 10);
        DoorVerifier verifier = DoorVerifier.builder(profile, InMemoryPadStateStore.withFreshServerStates(pad)).pads(pad).clock(clock)
                .failureLimit(2).failureInterval(Duration.ofSeconds(10)).build();
        int[] good = knock(issuer(profile, pad));
        int[] forged = good.clone();
        forged[5] ^= 1;
        verifier.verify(forged, ip("192.0.2.10"));
        verifier.verify(forged, ip("192.0.2.10"));
        assertEquals(new Verification.Throttled(), verifier.verify(good, ip("192.0.2.10")));
        clock.advance(Duration.ofSeconds(10));
        assertInstanceOf(Verification.Accepted.class, verifier.verify(good, ip("192.0.2.10")));
    }

    @Test
    void aKnockNoWindowHoldsCountsNoFailure() throws IOException {
        Profile profile = sealedWindow(8);
        Pad pad = randomPad("nofail", profile, 10);
        InMemoryPadStateStore store = InMemoryPadStateStore.withFreshServerStates(pad);
        DoorVerifier verifier = DoorVerifier.builder(profile, store).pads(pad).clock(clock).build();
        int[] garbage = new int[profile.knockLength()];
        garbage[0] = 100;
        assertEquals(new Verification.Rejected(Verification.Reason.NO_CANDIDATE), verifier.verify(garbage, ip("192.0.2.10")));
        assertEquals(0, store.read(pad.id(), Side.SERVER).failures());
    }

    @Test
    void opensWithFollowsTheSealedRegionFromBehindTheCursorToTheResyncHorizon() throws IOException {
        Profile profile = sealedWindow(8);
        Pad pad = randomPad("gate", profile, 100);
        DoorVerifier verifier = DoorVerifier.builder(profile, InMemoryPadStateStore.withFreshServerStates(pad)).pads(pad).clock(clock).build();
        // region [C - min(W, R - H), C + H) with H = 4W = 32
        assertTrue(verifier.opensWith(0));
        assertTrue(verifier.opensWith(31));
        assertFalse(verifier.opensWith(32));
        assertFalse(verifier.opensWith(4095));
        assertFalse(verifier.opensWith(-1));
        assertFalse(verifier.opensWith(4096));
        KnockIssuer issuer = issuer(profile, pad);
        for (int j = 0; j < 10; j++) {
            verifier.verify(knock(issuer), ip("192.0.2.10"));
        }
        assertFalse(verifier.opensWith(1));
        assertTrue(verifier.opensWith(2));
        assertTrue(verifier.opensWith(41));
        assertFalse(verifier.opensWith(42));
    }

    @Test
    void theRightPadIsFoundAmongHundreds() throws IOException {
        Profile profile = Profile.defaults();
        List<Pad> pads = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            pads.add(TestPads.fromDigits(dir.resolve("p" + i + ".pad"), TestPads.idOf("p" + i), 12,
                    new java.util.Random(i).ints(2 * 11, 0, 4096).toArray()));
        }
        DoorVerifier verifier = DoorVerifier.builder(profile, InMemoryPadStateStore.withFreshServerStates(pads.toArray(Pad[]::new))).pads(pads).clock(clock).build();
        Pad target = pads.get(321);
        Verification result = verifier.verify(knock(issuer(profile, target)), ip("192.0.2.10"));
        assertEquals(target.id(), ((Verification.Accepted) result).padId());
        assertEquals(1, verifier.pad(target.id()).orElseThrow().cursor());
        assertEquals(0, verifier.pad(pads.get(0).id()).orElseThrow().cursor());
    }

    @Test
    void validKnocksCountNoFailureAgainstOtherPadsSharingTheirHint() throws IOException {
        Profile profile = Profile.defaults();
        List<Pad> pads = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            pads.add(TestPads.fromDigits(dir.resolve("q" + i + ".pad"), TestPads.idOf("q" + i), 12,
                    new java.util.Random(100 + i).ints(2 * 11, 0, 4096).toArray()));
        }
        InMemoryPadStateStore store = InMemoryPadStateStore.withFreshServerStates(pads.toArray(Pad[]::new));
        DoorVerifier verifier = DoorVerifier.builder(profile, store).pads(pads).clock(clock).build();
        // Every pad is fresh, so each knock's hint 0 makes all twenty pads candidates; twenty
        // clients knocking within one throttle interval must all get in.
        for (Pad pad : pads) {
            assertTrue(verifier.verify(knock(issuer(profile, pad)), ip("192.0.2.10")) instanceof Verification.Accepted);
        }
        for (Pad pad : pads) {
            assertEquals(0, store.read(pad.id(), Side.SERVER).failures());
        }
    }

    @Test
    void aForgedKnockIsChargedToTheFirstCandidatePadOnly() throws IOException {
        Profile profile = Profile.defaults();
        Pad first = randomPad("f1", profile, 4);
        Pad second = randomPad("f2", profile, 4);
        InMemoryPadStateStore store = InMemoryPadStateStore.withFreshServerStates(first, second);
        DoorVerifier verifier = DoorVerifier.builder(profile, store).pads(first, second).clock(clock).build();
        int[] forged = knock(issuer(profile, first));
        forged[forged.length - 1] ^= 1;
        assertEquals(new Verification.Rejected(Verification.Reason.BAD_TAGS), verifier.verify(forged, ip("192.0.2.10")));
        // both fresh pads hold block 0 under one hint digit: the knock was checked against both
        assertEquals(1, store.read(first.id(), Side.SERVER).failures());
        assertEquals(0, store.read(second.id(), Side.SERVER).failures());
    }

    @Test
    void rawKnocksAreFoundByTheirFirstDigitAndConsumedOnce() throws IOException {
        Profile profile = Profile.builder().scheme(Scheme.RAW).commandDigits(0).build();
        Pad pad = randomPad("raw", profile, 100);
        KnockIssuer issuer = issuer(profile, pad);
        DoorVerifier verifier = DoorVerifier.builder(profile, InMemoryPadStateStore.withFreshServerStates(pad)).pads(pad).clock(clock).build();
        int[] knock = issuer.issue(new int[0], Optional.empty()).digits();
        assertTrue(verifier.opensWith(knock[0]));
        int[] wrong = knock.clone();
        wrong[3] = (wrong[3] + 1) % 4096;
        assertEquals(new Verification.Rejected(Verification.Reason.BAD_DIGITS), verifier.verify(wrong, ip("192.0.2.1")));
        assertInstanceOf(Verification.Accepted.class, verifier.verify(knock, ip("192.0.2.1")));
        assertInstanceOf(Verification.Rejected.class, verifier.verify(knock, ip("192.0.2.1")));
    }

    @Test
    void aRawFirstDigitStaysOpenWhileAnotherBlockOfTheWindowStartsWithIt() throws IOException {
        Profile profile = Profile.builder().scheme(Scheme.RAW).commandDigits(0).tagDigits(4).build();
        Pad pad = TestPads.fromDigits(dir.resolve("shared.pad"), TestPads.idOf("shared"), 12,
                new int[] {7, 1, 2, 3, 7, 4, 5, 6, 9, 1, 1, 1});
        DoorVerifier verifier = DoorVerifier.builder(profile, InMemoryPadStateStore.withFreshServerStates(pad)).pads(pad).clock(clock).build();
        assertTrue(verifier.opensWith(7));
        assertInstanceOf(Verification.Accepted.class, verifier.verify(new int[] {7, 1, 2, 3}, ip("192.0.2.1")));
        assertTrue(verifier.opensWith(7));
        assertEquals(1, ((Verification.Accepted) verifier.verify(new int[] {7, 4, 5, 6}, ip("192.0.2.1"))).knockIndex());
        assertFalse(verifier.opensWith(7));
        assertTrue(verifier.opensWith(9));
    }

    @Test
    void aBlockPersistedBeforeACrashStaysConsumedAfterRestart() throws IOException {
        Profile profile = Profile.defaults();
        Pad pad = randomPad("crash", profile, 10);
        int[] knock = knock(issuer(profile, pad));
        new FilePadStateStore(dir.resolve("state")).create(PadState.fresh(pad.id(), Side.SERVER));
        DoorVerifier before = DoorVerifier.builder(profile, new FilePadStateStore(dir.resolve("state")))
                .pads(pad).clock(clock).build();
        Verification result = before.verify(knock, ip("192.0.2.10"));
        assertInstanceOf(Verification.Accepted.class, result);
        // the process dies while acting; a new one starts on the same state directory
        DoorVerifier after = DoorVerifier.builder(profile, new FilePadStateStore(dir.resolve("state")))
                .pads(Pad.open(pad.file())).clock(clock).build();
        assertInstanceOf(Verification.Rejected.class, after.verify(knock, ip("192.0.2.10")));
        assertEquals(1, after.pads().get(0).cursor());
    }

    @Test
    void aCrashRightAfterTheStateIsWrittenStillConsumesTheBlock() throws IOException {
        Profile profile = Profile.defaults();
        Pad pad = randomPad("torn", profile, 10);
        int[] knock = knock(issuer(profile, pad));
        FilePadStateStore files = new FilePadStateStore(dir.resolve("state"));
        files.create(PadState.fresh(pad.id(), Side.SERVER));
        PadStateStore dying = new ForwardingPadStateStore(files) {
            @Override
            public boolean compareAndSet(PadState expected, PadState updated) throws IOException {
                files.compareAndSet(expected, updated);
                throw new IOException("power lost");
            }
        };
        DoorVerifier before = DoorVerifier.builder(profile, dying).pads(pad).clock(clock).build();
        assertThrows(IOException.class, () -> before.verify(knock, ip("192.0.2.10")));
        DoorVerifier after = DoorVerifier.builder(profile, new FilePadStateStore(dir.resolve("state")))
                .pads(pad).clock(clock).build();
        assertInstanceOf(Verification.Rejected.class, after.verify(knock, ip("192.0.2.10")));
    }

    @Test
    void aCursorMovedByAnotherGatewayIsHonoured() throws IOException {
        Profile profile = Profile.defaults();
        Pad pad = randomPad("fleet", profile, 10);
        InMemoryPadStateStore shared = InMemoryPadStateStore.withFreshServerStates(pad);
        DoorVerifier first = DoorVerifier.builder(profile, shared).pads(pad).clock(clock).build();
        DoorVerifier second = DoorVerifier.builder(profile, shared).pads(pad).clock(clock).build();
        int[] knock = knock(issuer(profile, pad));
        assertInstanceOf(Verification.Accepted.class, first.verify(knock, ip("192.0.2.10")));
        assertInstanceOf(Verification.Rejected.class, second.verify(knock, ip("192.0.2.10")));
        assertEquals(1, second.pads().get(0).cursor());
    }

    @Test
    void refreshReadsCursorsMovedElsewhere() throws IOException {
        Profile profile = sealedWindow(8);
        Pad pad = randomPad("refresh", profile, 30);
        InMemoryPadStateStore shared = InMemoryPadStateStore.withFreshServerStates(pad);
        DoorVerifier verifier = DoorVerifier.builder(profile, shared).pads(pad).clock(clock).build();
        PadState state = shared.read(pad.id(), Side.SERVER);
        shared.compareAndSet(state, state.advancedTo(20, T0));
        verifier.refresh();
        assertEquals(20, verifier.pads().get(0).cursor());
        assertTrue(verifier.opensWith(20));
        assertFalse(verifier.opensWith(0));
    }

    @Test
    void aGatewayLaggingByTheWindowRereadsTheCursorWhenAKnockVerifiesPastIt() throws IOException {
        Profile profile = sealedWindow(8);
        Pad pad = randomPad("lagging", profile, 40);
        KnockIssuer issuer = issuer(profile, pad);
        InMemoryPadStateStore shared = InMemoryPadStateStore.withFreshServerStates(pad);
        DoorVerifier busy = DoorVerifier.builder(profile, shared).pads(pad).clock(clock).build();
        DoorVerifier lagging = DoorVerifier.builder(profile, shared).pads(pad).clock(clock).build();
        for (int j = 0; j < profile.window() + 5; j++) {
            assertInstanceOf(Verification.Accepted.class, busy.verify(knock(issuer), ip("192.0.2.10")), "j=" + j);
        }
        Verification accepted = lagging.verify(knock(issuer), ip("192.0.2.10"));
        assertEquals(profile.window() + 5, ((Verification.Accepted) accepted).knockIndex());
    }

    @Test
    void aGatewayLaggingPastTheHorizonRefusesTheNextKnockUntilItRefreshes() throws IOException {
        Profile profile = sealedWindow(8);
        Pad pad = randomPad("lagging", profile, 60);
        KnockIssuer issuer = issuer(profile, pad);
        InMemoryPadStateStore shared = InMemoryPadStateStore.withFreshServerStates(pad);
        DoorVerifier busy = DoorVerifier.builder(profile, shared).pads(pad).clock(clock).build();
        DoorVerifier lagging = DoorVerifier.builder(profile, shared).pads(pad).clock(clock).build();
        for (int j = 0; j < 4 * profile.window() + 5; j++) {
            assertInstanceOf(Verification.Accepted.class, busy.verify(knock(issuer), ip("192.0.2.10")), "j=" + j);
        }
        int[] next = knock(issuer);
        assertFalse(lagging.opensWith(next[0]));
        assertEquals(new Verification.Rejected(Verification.Reason.NO_CANDIDATE), lagging.verify(next, ip("192.0.2.10")));

        lagging.refresh();

        assertTrue(lagging.opensWith(next[0]));
        Verification accepted = lagging.verify(next, ip("192.0.2.10"));
        assertEquals(4 * profile.window() + 5, ((Verification.Accepted) accepted).knockIndex());
    }

    @Test
    void aForeignStateFileStopsTheBuild() throws IOException {
        Profile profile = Profile.defaults();
        Pad pad = randomPad("foreign", profile, 10);
        FilePadStateStore store = new FilePadStateStore(dir.resolve("state"));
        Files.write(store.fileOf(pad.id(), Side.SERVER), FilePadStateStore.encode(
                new PadState(TestPads.idOf("someone else"), Side.SERVER, 3, 0, Optional.empty())));
        PadFormatException e = assertThrows(PadFormatException.class,
                () -> DoorVerifier.builder(profile, store).pads(pad).build());
        assertEquals("pad id mismatch: state belongs to pad " + TestPads.idOf("someone else") + ", not " + pad.id(),
                e.problem());
    }

    @Test
    void aKnockOfTheWrongLengthIsMisuse() throws IOException {
        Profile profile = Profile.defaults();
        Pad pad = randomPad("len", profile, 2);
        DoorVerifier verifier = DoorVerifier.builder(profile, InMemoryPadStateStore.withFreshServerStates(pad))
                .pads(pad).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> verifier.verify(new int[3], ip("192.0.2.1")));
        assertEquals("knock must have 11 digits: 3", e.getMessage());
    }

    @Test
    void builderNeedsPads() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DoorVerifier.builder(Profile.defaults(), new InMemoryPadStateStore()).build());
        assertEquals("no pads were given", e.getMessage());
    }

    @Test
    void builderSetsEachOptionOnce() {
        DoorVerifier.Builder builder = DoorVerifier.builder(Profile.defaults(), new InMemoryPadStateStore()).lowWater(5);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> builder.lowWater(6));
        assertEquals("low water already set to 5", e.getMessage());
    }

    @Test
    void builderRejectsAZeroFailureLimit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DoorVerifier.builder(Profile.defaults(), new InMemoryPadStateStore()).failureLimit(0));
        assertEquals("failure limit must be at least 1: 0", e.getMessage());
    }

    @Test
    void builderRejectsAPadGivenTwice() throws IOException {
        Pad pad = randomPad("twice", Profile.defaults(), 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DoorVerifier.builder(Profile.defaults(), InMemoryPadStateStore.withFreshServerStates(pad))
                        .pads(pad, pad).build());
        assertEquals("pad " + pad.id() + " is given twice", e.getMessage());
    }

    @Test
    void builderRejectsAPadOfOtherDigitBits() throws IOException {
        Profile ten = Profile.builder().digitBits(10).base(1).acceptWeakness().build();
        Pad pad = randomPad("tenbit", ten, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DoorVerifier.builder(Profile.defaults(), InMemoryPadStateStore.withFreshServerStates(pad)).pads(pad).build());
        assertEquals("pad " + pad.id() + " has 10-bit digits, the profile needs 12", e.getMessage());
    }
}
