package dev.portknock.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.core.OneTimeDoor;
import dev.portknock.core.Profile;
import dev.portknock.pad.FilePadStateStore;
import dev.portknock.pad.InMemoryPadStateStore;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadId;
import dev.portknock.pad.PadState;
import dev.portknock.pad.PadStateStore;
import dev.portknock.pad.Side;
import dev.portknock.testkit.InMemoryCapture;
import dev.portknock.testkit.RecordingLauncher;
import dev.portknock.testkit.TestKnockClient;
import dev.portknock.testkit.TestPads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After each accepted knock, once its launch is handed over, the server settles the door's
 * verifier: the pad's next cursor update is prepared in the store, off the knocks' path.
 */
class KnockServerPreparedUpdateTest {
    @TempDir
    Path directory;

    private final Profile profile = Profile.builder().base(40000).sequenceTimeout(Duration.ofSeconds(2)).build();
    private final InMemoryCapture capture = new InMemoryCapture();
    private final RecordingLauncher launcher = new RecordingLauncher(Clock.systemUTC());
    private final RecordedEvents events = new RecordedEvents(Duration.ofSeconds(10));
    private Pad pad;
    private KnockServer server;

    @BeforeEach
    void pad() throws IOException {
        pad = TestPads.seeded(directory, "door", profile, 50);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private TestKnockClient serve(PadStateStore store) throws IOException {
        store.create(PadState.fresh(pad.id(), Side.SERVER));
        ServerDoor door = ServerDoor.oneTime(new OneTimeDoor("ssh", profile), store).pads(pad)
                .service(22, launcher).defaultDuration(Duration.ofSeconds(5)).build();
        server = KnockServer.builder().capture(capture).door(door).listener(events).build();
        server.start();
        return TestKnockClient.of(profile, pad, capture);
    }

    /** Waits (10 s at most) until the file exists. */
    private static boolean appears(Path file) throws InterruptedException {
        for (int i = 0; i < 1000 && !Files.exists(file); i++) {
            Thread.sleep(10);
        }
        return Files.exists(file);
    }

    @Test
    void aKnockOnAFileStoreLeavesThePadsNextUpdatePreparedAndTheNextKnockOpensThroughIt() throws Exception {
        FilePadStateStore store = new FilePadStateStore(directory.resolve("state"));
        TestKnockClient client = serve(store);
        Path ahead = store.directory().resolve("." + pad.id() + ".server.state.next");

        client.knock(22, 5, 0);
        events.next(KnockEvent.Opened.class);
        assertTrue(appears(ahead), "prepared after the first knock");
        client.knock(22, 5, 0);
        events.next(KnockEvent.Extended.class);
        assertEquals(2, store.read(pad.id(), Side.SERVER).cursor());
        assertTrue(appears(ahead), "prepared again after the second knock");
    }

    @Test
    void aStoreThatCannotPrepareCostsAWarningAndTheNextKnockStillOpens() throws Exception {
        InMemoryPadStateStore states = new InMemoryPadStateStore();
        TestKnockClient client = serve(new PadStateStore() {
            @Override
            public Optional<PadState> stored(PadId padId, Side side) {
                return states.stored(padId, side);
            }

            @Override
            public void create(PadState initial) throws IOException {
                states.create(initial);
            }

            @Override
            public boolean compareAndSet(PadState expected, PadState updated) {
                return states.compareAndSet(expected, updated);
            }

            @Override
            public PadState recordFailures(PadId padId, Side side, long count, Instant at) throws IOException {
                return states.recordFailures(padId, side, count, at);
            }

            @Override
            public boolean prepare(PadState next) throws IOException {
                throw new IOException("disk full");
            }
        });
        String logged = StandardErrorLog.during(() -> {
            client.knock(22, 5, 0);
            events.next(KnockEvent.Opened.class);
            client.knock(22, 5, 0);
            events.next(KnockEvent.Extended.class);
            server.close(); // waits for the workers, whose warnings are then written
        });
        assertTrue(logged.contains("door ssh: after the knock from 192.0.2.10: its time of use or the pad's next"
                + " cursor update could not be written: disk full"), logged);
        assertEquals(2, states.read(pad.id(), Side.SERVER).cursor());
    }
}
