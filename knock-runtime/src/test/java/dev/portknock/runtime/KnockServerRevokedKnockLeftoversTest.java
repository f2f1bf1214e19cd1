package dev.portknock.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.core.OneTimeDoor;
import dev.portknock.core.Profile;
import dev.portknock.pad.DoorPad;
import dev.portknock.pad.DoorVerifier;
import dev.portknock.pad.InMemoryPadStateStore;
import dev.portknock.pad.IssuedKnock;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadState;
import dev.portknock.pad.RevokedPad;
import dev.portknock.pad.Side;
import dev.portknock.testkit.InMemoryCapture;
import dev.portknock.testkit.RecordingLauncher;
import dev.portknock.testkit.TestClock;
import dev.portknock.testkit.TestKnockClient;
import dev.portknock.testkit.TestPads;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A revoked pad's knock has right tags, so it is genuine: the candidates its own later digits
 * opened end with it, and cannot complete as a refused knock ahead of the next knock from its
 * source (what TeamDoorTest once met in CI, when only accepted, replayed and drifted knocks ended
 * them).
 *
 * <p>Deterministic: seeded pads, the revoked knock chosen for a later digit that opens a candidate
 * (checked below, not assumed), a clock that never moves (no candidate times out, however slow the
 * machine), and one verification thread (verdicts come in the order the knocks completed, so a
 * leftover's verdict would come before the next knock's). The only wait is for the revoked verdict
 * before the next knock, which is what a client does.
 */
class KnockServerRevokedKnockLeftoversTest {
    @TempDir
    Path directory;

    private final Profile profile = Profile.builder().base(40000).build();
    private final TestClock clock = TestClock.at(Instant.parse("2026-12-05T04:00:00Z"));
    private final InMemoryCapture capture = new InMemoryCapture();
    private final RecordingLauncher launcher = new RecordingLauncher(clock);
    private final RecordedEvents events = new RecordedEvents(Duration.ofSeconds(30));
    private final InMemoryPadStateStore store = new InMemoryPadStateStore();
    private KnockServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Pad pad(String seed) throws IOException {
        Pad pad = TestPads.seeded(directory, seed, profile, 50);
        store.create(PadState.fresh(pad.id(), Side.SERVER));
        return pad;
    }

    @Test
    void aRevokedPadsKnockLeavesNoCandidateToBeRefusedAheadOfTheNextKnockFromItsSource() throws Exception {
        InetAddress sharedNat = InetAddress.getByName("192.0.2.7");
        Pad alice = pad("alice");
        // seed chosen so that the revoked knock's digits include an opening one after its hint
        Pad bob = pad("bob-2");
        ServerDoor door = ServerDoor.oneTime(new OneTimeDoor("ssh", profile), store).clock(clock)
                .doorPads(List.of(new DoorPad(alice, "alice-laptop", List.of())))
                .revokedPads(List.of(new RevokedPad(bob, "bob-phone", 0))).service(22, launcher)
                .defaultDuration(Duration.ofSeconds(5)).maxDuration(Duration.ofSeconds(30)).build();
        DoorVerifier verifier = door.verifier().orElseThrow();
        server = KnockServer.builder().clock(clock).capture(capture).workerThreads(1).listener(events).door(door)
                .build();
        server.start();

        IssuedKnock revoked = TestKnockClient.of(profile, bob, capture, clock).from(sharedNat).knock(22, 1, 0);
        assertEquals(new KnockEvent.Revoked("ssh", sharedNat, bob.id(), "bob-phone"),
                events.next(KnockEvent.Revoked.class));
        assertTrue(Arrays.stream(revoked.digits()).skip(1).anyMatch(verifier::opensWith),
                "the revoked knock opened a candidate on a later digit: " + Arrays.toString(revoked.digits()));

        TestKnockClient.of(profile, alice, capture, clock).from(sharedNat).knock(22, 1, 0);
        KnockEvent outcome = events.nextOutcome();
        assertTrue(outcome instanceof KnockEvent.Accepted,
                "a leftover of the revoked knock was refused ahead of the next knock: " + outcome);
        assertEquals(Optional.of("alice-laptop"), ((KnockEvent.Accepted) outcome).label());
    }
}
