package dev.portknock.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.core.OneTimeDoor;
import dev.portknock.core.Profile;
import dev.portknock.pad.DoorPad;
import dev.portknock.pad.InMemoryPadStateStore;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadState;
import dev.portknock.pad.RevokedPad;
import dev.portknock.pad.Side;
import dev.portknock.testkit.InMemoryCapture;
import dev.portknock.testkit.RecordingLauncher;
import dev.portknock.testkit.TestKnockClient;
import dev.portknock.testkit.TestPads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A door's pads by their labels: in the events and log lines of accepted knocks, and of revoked pads' knocks. */
class KnockServerPadLabelsTest {
    private static final InetAddress CLIENT = address("192.0.2.7");

    @TempDir
    Path directory;

    private final Profile profile = Profile.builder().base(40000).sequenceTimeout(Duration.ofSeconds(2)).build();
    private final InMemoryCapture capture = new InMemoryCapture();
    private final RecordingLauncher launcher = new RecordingLauncher(Clock.systemUTC());
    private final RecordedEvents events = new RecordedEvents(Duration.ofSeconds(10));
    private final InMemoryPadStateStore store = new InMemoryPadStateStore();
    private Pad alice;
    private Pad bob;
    private KnockServer server;

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void pads() throws IOException {
        alice = pad("alice");
        bob = pad("bob");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Pad pad(String name) throws IOException {
        Pad pad = TestPads.seeded(directory, name, profile, 50);
        store.create(PadState.fresh(pad.id(), Side.SERVER));
        return pad;
    }

    private ServerDoor door(List<DoorPad> pads, List<RevokedPad> revoked) throws IOException {
        return ServerDoor.oneTime(new OneTimeDoor("ssh", profile), store).doorPads(pads).revokedPads(revoked)
                .service(22, launcher).defaultDuration(Duration.ofSeconds(5)).maxDuration(Duration.ofSeconds(30))
                .build();
    }

    private KnockServer serve(ServerDoor door) throws IOException {
        server = KnockServer.builder().capture(capture).door(door).listener(events).build();
        server.start();
        return server;
    }

    private TestKnockClient client(Pad pad) {
        return TestKnockClient.of(profile, pad, capture).from(CLIENT);
    }

    /** A knock for service 22, open this many seconds, from the pad's holder. */
    private static void knock(TestKnockClient client, int seconds) throws IOException {
        client.knock(22, seconds, 0);
    }

    /** What may fail while knocking. */
    private interface Knocking {
        void run() throws IOException;
    }

    /** Knocks with System.err (slf4j-simple's output) captured until {@code event} arrives. */
    private String logWhile(Knocking knocking, Class<? extends KnockEvent> event) throws Exception {
        return StandardErrorLog.during(() -> {
            knocking.run();
            events.next(event);
        });
    }

    /**
     * Knocks with System.err captured until it holds {@code line}, or 10 s have passed. For the
     * accepted line, which the verifier writes once the launch is handed over: no event comes after
     * it, so the service's Opened event may come first.
     */
    private String logUntil(Knocking knocking, String line) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            knocking.run();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!log.toString(StandardCharsets.UTF_8).contains(line) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } finally {
            System.setErr(stderr);
        }
        return log.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anAcceptedKnockIsLoggedAndReportedWithItsPadsLabel() throws Exception {
        serve(door(List.of(new DoorPad(alice, "alice-laptop", List.of())), List.of()));
        String line = "door ssh: knock from 192.0.2.7 accepted for alice-laptop (pad " + alice.id()
                + ", block 0, 49 knocks left)";
        String logged = logUntil(() -> knock(client(alice), 1), line);
        assertTrue(logged.contains(line), logged);
    }

    @Test
    void theAcceptedEventCarriesTheLabel() throws Exception {
        serve(door(List.of(new DoorPad(alice, "alice-laptop", List.of())), List.of()));
        knock(client(alice), 1);
        assertEquals(Optional.of("alice-laptop"), events.next(KnockEvent.Accepted.class).label());
    }

    @Test
    void aRevokedPadsKnockIsRefusedWithALineThatNamesItAndOpensNothing() throws Exception {
        serve(door(List.of(new DoorPad(alice, "alice-laptop", List.of())), List.of(new RevokedPad(bob, "bob-phone", 0))));
        String logged = logWhile(() -> knock(client(bob), 1), KnockEvent.Revoked.class);
        assertTrue(logged.contains("WARN dev.portknock.runtime.KnockServer - door ssh: knock from 192.0.2.7 refused:"
                + " pad bob-phone was revoked"), logged);
        assertEquals(List.of(), launcher.events());
        assertEquals(PadState.fresh(bob.id(), Side.SERVER), store.read(bob.id(), Side.SERVER));
    }

    @Test
    void aPadRevokedByReplacingTheDoorsIsRefusedWhileAnotherPadsOpeningStays() throws Exception {
        ServerDoor first = door(List.of(new DoorPad(alice, "alice-laptop", List.of()),
                new DoorPad(bob, "bob-phone", List.of())), List.of());
        serve(first);
        TestKnockClient aliceClient = client(alice);
        TestKnockClient bobClient = client(bob);
        knock(aliceClient, 30);
        events.next(KnockEvent.Opened.class);

        List<RevokedPad> dropped = first.verifier().orElseThrow().asRevoked().stream()
                .filter(p -> p.pad().id().equals(bob.id())).toList();
        server.replaceDoors(List.of(door(List.of(new DoorPad(alice, "alice-laptop", List.of())), dropped)));

        knock(bobClient, 1);
        KnockEvent.Revoked revoked = events.next(KnockEvent.Revoked.class);
        assertEquals(new KnockEvent.Revoked("ssh", CLIENT, bob.id(), "bob-phone"), revoked);
        assertEquals(1, launcher.open().size(), "alice's opening stays");
        knock(aliceClient, 1);
        assertEquals(Optional.of("alice-laptop"), events.next(KnockEvent.Accepted.class).label());
    }
}
