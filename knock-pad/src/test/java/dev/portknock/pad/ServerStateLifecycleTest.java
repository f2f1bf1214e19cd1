package dev.portknock.pad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portknock.core.Profile;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server's state is created explicitly; a lost one never reads as a fresh pad. */
class ServerStateLifecycleTest {
    static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    static final int[] COMMAND = {22, 60, 1};

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(T0);
    final Profile profile = Profile.defaults();

    Pad pad() throws IOException {
        Path file = dir.resolve("door.pad");
        PadGenerator.secureRandom().generate(file, profile.digitBits(), PadGenerator.digitsFor(profile, 10),
                PadGenerator.Progress.NONE);
        return Pad.open(file);
    }

    int[] firstKnock(Pad pad) throws IOException {
        KnockIssuer issuer = new KnockIssuer(profile, pad, new InMemoryPadStateStore(), clock);
        return issuer.issue(COMMAND, Optional.of(InetAddress.getByName("192.0.2.10"))).digits();
    }

    @Test
    void aServerStateFileMovedAwayDoesNotLetKnockZeroInAgain() throws IOException {
        Pad pad = pad();
        int[] knock = firstKnock(pad);
        FilePadStateStore store = new FilePadStateStore(dir.resolve("state"));
        store.create(PadState.fresh(pad.id(), Side.SERVER));
        DoorVerifier before = DoorVerifier.builder(profile, store).pads(pad).clock(clock).build();
        assertInstanceOf(Verification.Accepted.class, before.verify(knock, InetAddress.getByName("192.0.2.10")));

        Files.move(store.fileOf(pad.id(), Side.SERVER), dir.resolve("moved-away"));

        MissingStateException e = assertThrows(MissingStateException.class,
                () -> DoorVerifier.builder(profile, new FilePadStateStore(dir.resolve("state"))).pads(pad).clock(clock)
                        .build());
        assertEquals(MissingStateException.forPad(pad.id(), Side.SERVER).getMessage(), e.getMessage());
    }

    @Test
    void theRecoveryMessageNamesInitForANewPadAndAdvanceAfterALoss() {
        PadId id = TestPads.idOf("lost");
        assertEquals("pad " + id + " has no server state: for a new pad create it with `knock pad init`; after a "
                + "lost state or a restored backup move the cursor past every knock that may have been used with "
                + "`knock pad advance`", MissingStateException.forPad(id, Side.SERVER).getMessage());
    }

    @Test
    void aServerStateInAMissingDirectoryIsNotCreatedByTheServer() {
        Path missing = dir.resolve("typo");
        MissingStateException e = assertThrows(MissingStateException.class, () -> FilePadStateStore.existing(missing));
        assertEquals("state directory " + missing.toAbsolutePath() + " does not exist", e.getMessage());
        assertEquals(false, Files.exists(missing));
    }

    @Test
    void anInMemoryStoreWithoutTheServerStateIsRefusedToo() throws IOException {
        Pad pad = pad();
        assertThrows(MissingStateException.class,
                () -> DoorVerifier.builder(profile, new InMemoryPadStateStore()).pads(pad).build());
    }

    @Test
    void anExistingDirectoryOpensWithoutCreatingAnything() throws IOException {
        Path state = Files.createDirectory(dir.resolve("state"));
        FilePadStateStore store = FilePadStateStore.existing(state);
        assertEquals(state.toAbsolutePath(), store.directory());
        assertEquals(Optional.empty(), store.stored(TestPads.idOf("x"), Side.SERVER));
    }

    @Test
    void aClientStillReadsAMissingStateAsAFreshPad() throws IOException {
        FilePadStateStore store = new FilePadStateStore(dir.resolve("client"));
        assertEquals(PadState.fresh(TestPads.idOf("x"), Side.CLIENT), store.read(TestPads.idOf("x"), Side.CLIENT));
    }
}
