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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A door serving several labelled pads, each limited to some of the door's services, and revoked pads. */
class DoorVerifierPadsTest {
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final Profile SEALED = Profile.defaults();
    private static final Verification NOT_ALLOWED = new Verification.Rejected(Verification.Reason.COMMAND_NOT_ALLOWED);
    private static final InetAddress CLIENT = address("192.0.2.7");

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryPadStateStore store = new InMemoryPadStateStore();

    private Pad pad(Profile profile, String name) throws IOException {
        Pad pad = TestPads.fromSeed(dir, name, profile.digitBits(), 400 * profile.blockDigits());
        store.create(PadState.fresh(pad.id(), Side.SERVER));
        return pad;
    }

    /** The knock the holder of {@code pad} sends as its knock {@code index} (its client cursor). */
    private int[] knock(Profile profile, Pad pad, long index, int service) throws IOException {
        InMemoryPadStateStore client = new InMemoryPadStateStore();
        client.create(new PadState(pad.id(), Side.CLIENT, index, 0, Optional.empty()));
        return new KnockIssuer(profile, pad, client, clock).issue(new int[] {service, 60, 1}, Optional.of(CLIENT))
                .digits();
    }

    private DoorVerifier.Builder door(Profile profile) {
        return DoorVerifier.builder(profile, store).clock(clock).restrictCommandDigit(0, List.of(22, 443));
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void eachPadOpensTheServicesItMayAndIsRefusedTheOthersBeforeItsTags() throws IOException {
        Pad alice = pad(SEALED, "alice");
        Pad bob = pad(SEALED, "bob");
        Pad carol = pad(SEALED, "carol");
        DoorVerifier verifier = door(SEALED).doorPads(new DoorPad(alice, "alice-laptop", List.of(22)),
                new DoorPad(bob, "bob-phone", List.of(22, 443)), new DoorPad(carol, "carol", List.of(443))).build();

        assertEquals(NOT_ALLOWED, verifier.verify(knock(SEALED, alice, 0, 443), CLIENT));
        assertEquals(NOT_ALLOWED, verifier.verify(knock(SEALED, carol, 0, 22), CLIENT));
        assertEquals(new Verification.Accepted(alice.id(), "alice-laptop", 0, new int[] {22, 60, 1}, 399, false),
                verifier.verify(knock(SEALED, alice, 0, 22), CLIENT));
        assertEquals("bob-phone", accepted(verifier.verify(knock(SEALED, bob, 0, 22), CLIENT)).label());
        assertEquals("bob-phone", accepted(verifier.verify(knock(SEALED, bob, 1, 443), CLIENT)).label());
        assertEquals("carol", accepted(verifier.verify(knock(SEALED, carol, 0, 443), CLIENT)).label());
        // the refused knocks consumed nothing and counted no failure
        verifier.saveFailures();
        assertEquals(List.of(new PadStatus(alice.id(), 1, 400), new PadStatus(bob.id(), 2, 400),
                new PadStatus(carol.id(), 1, 400)), verifier.pads());
        assertEquals(0, store.read(alice.id(), Side.SERVER).failures());
        assertEquals(0, store.read(carol.id(), Side.SERVER).failures());
    }

    @Test
    void aRawPadIsRefusedAServiceItMayNotOpen() throws IOException {
        Profile raw = Profile.builder().scheme(Scheme.RAW).build();
        Pad alice = pad(raw, "alice");
        DoorVerifier verifier = door(raw).doorPads(new DoorPad(alice, "alice", List.of(22))).build();
        assertEquals(NOT_ALLOWED, verifier.verify(knock(raw, alice, 0, 443), CLIENT));
        assertInstanceOf(Verification.Accepted.class, verifier.verify(knock(raw, alice, 0, 22), CLIENT));
    }

    @Test
    void aPadWithoutServicesMayOpenWhateverTheDoorAllows() throws IOException {
        Pad alice = pad(SEALED, "alice");
        DoorVerifier verifier = door(SEALED).doorPads(new DoorPad(alice, "alice", List.of())).build();
        assertInstanceOf(Verification.Accepted.class, verifier.verify(knock(SEALED, alice, 0, 443), CLIENT));
        assertInstanceOf(Verification.Accepted.class, verifier.verify(knock(SEALED, alice, 1, 22), CLIENT));
    }

    @Test
    void aPadGivenWithoutALabelIsLabelledWithItsId() throws IOException {
        Pad alice = pad(SEALED, "alice");
        DoorVerifier verifier = door(SEALED).pads(alice).build();
        assertEquals(alice.id().toString(), accepted(verifier.verify(knock(SEALED, alice, 0, 22), CLIENT)).label());
    }

    @Test
    void aPadsServiceTheDoorDoesNotAllowIsRefusedAtBuild() throws IOException {
        Pad carol = pad(SEALED, "carol");
        DoorVerifier.Builder builder = door(SEALED).doorPads(new DoorPad(carol, "carol", List.of(443, 80)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
        assertEquals("pad carol: service 80 is not one the door allows [22, 443]", e.getMessage());
    }

    @Test
    void padServicesNeedARestrictedDigit() throws IOException {
        Pad alice = pad(SEALED, "alice");
        DoorVerifier.Builder builder = DoorVerifier.builder(SEALED, store)
                .doorPads(new DoorPad(alice, "alice", List.of(22)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
        assertEquals("pad alice: services need a restricted command digit (restrictCommandDigit)", e.getMessage());
    }

    @Test
    void twoPadsWithOneLabelAreRefused() throws IOException {
        Pad alice = pad(SEALED, "alice");
        Pad other = pad(SEALED, "other");
        DoorVerifier.Builder builder = door(SEALED).doorPads(new DoorPad(alice, "alice", List.of()),
                new DoorPad(other, "alice", List.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
        assertEquals("label alice is given to two pads", e.getMessage());
    }

    @Test
    void aLabelThatCouldForgeALogLineIsRefused() throws IOException {
        Pad alice = pad(SEALED, "alice");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DoorPad(alice, "alice\nknock accepted", List.of()));
        assertEquals("label must be 1 to 64 letters, digits and . _ @ + - starting with a letter or digit:"
                + " 'alice?knock accepted'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DoorPad(alice, "", List.of()));
        assertThrows(IllegalArgumentException.class, () -> new DoorPad(alice, "a".repeat(65), List.of()));
        assertEquals("a".repeat(64), new DoorPad(alice, "a".repeat(64), List.of()).label());
    }

    @Test
    void aServiceGivenTwiceToOnePadIsRefused() throws IOException {
        Pad alice = pad(SEALED, "alice");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DoorPad(alice, "alice", List.of(22, 22)));
        assertEquals("pad alice: service 22 is given twice", e.getMessage());
    }

    @Test
    void aRevokedPadsKnockIsRecognisedConsumesNothingAndOpensNothing() throws IOException {
        Pad alice = pad(SEALED, "alice");
        Pad bob = pad(SEALED, "bob");
        DoorVerifier verifier = door(SEALED).doorPads(new DoorPad(alice, "alice", List.of()))
                .revokedPads(List.of(new RevokedPad(bob, "bob-phone", 5))).build();
        int[] bobs = knock(SEALED, bob, 5, 22);
        Verification.Revoked revoked = new Verification.Revoked(bob.id(), "bob-phone");
        assertEquals(revoked, verifier.verify(bobs, CLIENT));
        assertEquals(revoked, verifier.verify(bobs, CLIENT));
        assertEquals(revoked, verifier.verify(knock(SEALED, bob, 5 + 100, 22), CLIENT), "beyond the window");
        assertEquals(revoked, verifier.verify(knock(SEALED, bob, 2, 22), CLIENT), "behind the cursor");
        assertEquals(PadState.fresh(bob.id(), Side.SERVER), store.read(bob.id(), Side.SERVER));
        assertEquals(List.of(new PadStatus(alice.id(), 0, 400)), verifier.pads());
        assertInstanceOf(Verification.Accepted.class, verifier.verify(knock(SEALED, alice, 0, 22), CLIENT));
    }

    @Test
    void aRevokedPadsKnockOutsideItsRegionIsNotRecognised() throws IOException {
        Pad alice = pad(SEALED, "alice");
        Pad bob = pad(SEALED, "bob");
        DoorVerifier verifier = door(SEALED).doorPads(DoorPad.of(alice))
                .revokedPads(List.of(new RevokedPad(bob, "bob", 0))).build();
        // the region at cursor 0 ends at the resync horizon, min(4W, R) = 256
        assertEquals(new Verification.Rejected(Verification.Reason.NO_CANDIDATE),
                verifier.verify(knock(SEALED, bob, 300, 22), CLIENT));
    }

    @Test
    void wrongTagsAgainstARevokedPadCountNoFailure() throws IOException {
        Pad alice = pad(SEALED, "alice");
        Pad bob = pad(SEALED, "bob");
        // bob's region (cursor 200: blocks 136..456) and alice's (cursor 0: blocks 0..256) share no hint above 256
        DoorVerifier verifier = door(SEALED).failureLimit(1).doorPads(DoorPad.of(alice))
                .revokedPads(List.of(new RevokedPad(bob, "bob", 200))).build();
        int[] forged = knock(SEALED, bob, 300, 22);
        forged[forged.length - 1] ^= 1;
        for (int i = 0; i < 3; i++) {
            assertEquals(new Verification.Rejected(Verification.Reason.NO_CANDIDATE), verifier.verify(forged, CLIENT));
        }
        // a failure would have throttled the source at the limit of 1
        assertInstanceOf(Verification.Accepted.class, verifier.verify(knock(SEALED, alice, 0, 22), CLIENT));
    }

    @Test
    void aLivePadIsCheckedBeforeARevokedOne() throws IOException {
        Pad alice = pad(SEALED, "alice");
        DoorVerifier first = door(SEALED).doorPads(new DoorPad(alice, "alice", List.of())).build();
        assertInstanceOf(Verification.Accepted.class, first.verify(knock(SEALED, alice, 0, 22), CLIENT));
        // alice revoked and served again: served wins, and the build refuses the pad in both roles
        DoorVerifier.Builder both = door(SEALED).doorPads(DoorPad.of(alice))
                .revokedPads(first.asRevoked());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, both::build);
        assertEquals("pad " + alice.id() + " is given twice (served or revoked)", e.getMessage());
    }

    @Test
    void asRevokedCarriesEachPadsLabelAndCursorToASuccessor() throws IOException {
        Pad alice = pad(SEALED, "alice");
        Pad bob = pad(SEALED, "bob");
        DoorVerifier first = door(SEALED).doorPads(new DoorPad(alice, "alice", List.of()),
                new DoorPad(bob, "bob-phone", List.of())).build();
        assertInstanceOf(Verification.Accepted.class, first.verify(knock(SEALED, bob, 0, 22), CLIENT));
        assertEquals(List.of(new RevokedPad(alice, "alice", 0), new RevokedPad(bob, "bob-phone", 1)), first.asRevoked());

        DoorVerifier successor = door(SEALED).doorPads(new DoorPad(alice, "alice", List.of()))
                .revokedPads(first.asRevoked().subList(1, 2)).build();
        assertEquals(new Verification.Revoked(bob.id(), "bob-phone"),
                successor.verify(knock(SEALED, bob, 1, 22), CLIENT));
        // and its revoked pads pass on to the next one
        assertEquals(List.of(new RevokedPad(alice, "alice", 0), new RevokedPad(bob, "bob-phone", 1)),
                successor.asRevoked());
    }

    @Test
    void aDoorWhoseServedPadsAreUsedUpIsExhaustedWhateverItRevoked() throws IOException {
        Pad bob = pad(SEALED, "bob");
        Pad tiny = TestPads.fromSeed(dir, "tiny", SEALED.digitBits(), SEALED.blockDigits());
        store.create(PadState.fresh(tiny.id(), Side.SERVER));
        DoorVerifier verifier = door(SEALED).doorPads(DoorPad.of(tiny))
                .revokedPads(List.of(new RevokedPad(bob, "bob", 300))).build();
        assertInstanceOf(Verification.Accepted.class, verifier.verify(knock(SEALED, tiny, 0, 22), CLIENT));
        // hint 5 lies in no region: the revoked pad (blocks 236..556) is not counted as one left
        assertEquals(new Verification.Exhausted(tiny.id(), tiny.id().toString()), verifier.verify(knock(SEALED, bob, 5, 22), CLIENT));
    }

    @Test
    void anExhaustedDoorNamesItsPadByLabel() throws IOException {
        Pad tiny = TestPads.fromSeed(dir, "tiny", SEALED.digitBits(), SEALED.blockDigits());
        store.create(PadState.fresh(tiny.id(), Side.SERVER));
        DoorVerifier verifier = door(SEALED).doorPads(new DoorPad(tiny, "alice-laptop", List.of())).build();
        assertInstanceOf(Verification.Accepted.class, verifier.verify(knock(SEALED, tiny, 0, 22), CLIENT));
        int[] anyLaterKnock = new int[SEALED.knockLength()];
        anyLaterKnock[0] = 5; // a hint past the pad's only block
        assertEquals(new Verification.Exhausted(tiny.id(), "alice-laptop"), verifier.verify(anyLaterKnock, CLIENT));
    }

    private static Verification.Accepted accepted(Verification outcome) {
        return assertInstanceOf(Verification.Accepted.class, outcome);
    }

    @Test
    void aRevokedPadIsRecognisedOnADoorWithTwoHintDigits() throws IOException {
        Profile twoHints = Profile.builder().hintDigits(2).build();
        Pad alice = pad(twoHints, "alice");
        Pad bob = pad(twoHints, "bob");
        DoorVerifier verifier = door(twoHints).doorPads(new DoorPad(alice, "alice", List.of(22)))
                .revokedPads(List.of(new RevokedPad(bob, "bob-phone", 3))).build();
        assertEquals(new Verification.Revoked(bob.id(), "bob-phone"), verifier.verify(knock(twoHints, bob, 3, 22), CLIENT));
        assertEquals(NOT_ALLOWED, verifier.verify(knock(twoHints, alice, 0, 443), CLIENT));
        assertEquals("alice", accepted(verifier.verify(knock(twoHints, alice, 0, 22), CLIENT)).label());
    }
}
