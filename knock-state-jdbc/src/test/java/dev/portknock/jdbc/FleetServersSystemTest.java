package dev.portknock.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.core.OneTimeDoor;
import dev.portknock.core.PacketEvent;
import dev.portknock.core.Profile;
import dev.portknock.pad.DoorVerifier;
import dev.portknock.pad.InMemoryPadStateStore;
import dev.portknock.pad.IssuedKnock;
import dev.portknock.pad.KnockIssuer;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadState;
import dev.portknock.pad.Side;
import dev.portknock.pad.TestPads;
import dev.portknock.runtime.KnockEvent;
import dev.portknock.runtime.KnockServer;
import dev.portknock.runtime.ServerDoor;
import dev.portknock.testkit.InMemoryCapture;
import dev.portknock.testkit.RecordingLauncher;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@link KnockServer}s, each with its own in-memory capture, recording launcher and
 * {@link DoorVerifier} on its own {@link JdbcPadStateStore} and pool, share one pad through
 * PostgreSQL. Every knock comes from its own address (2001:db8::/32), so openings and outcomes
 * can be told apart per knock, and the servers refresh their cursors every second as the
 * {@code knock} command line has them do on a jdbc state.
 */
@Tag("system")
class FleetServersSystemTest {
    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    static final Profile PROFILE = Profile.builder().base(40000).build();
    static final int KNOCKS = 1000;
    static final int GATEWAYS = 3;
    static final Duration WAIT = Duration.ofSeconds(30);
    static final InetAddress SERVER = address("2001:db8::1");

    @TempDir
    Path dir;

    Pad pad;
    KnockIssuer issuer;
    final List<InMemoryCapture> captures = new ArrayList<>();
    final List<RecordingLauncher> launchers = new ArrayList<>();
    final List<KnockServer> servers = new ArrayList<>();
    /** Every event of every server, with the server's number. */
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    int nextSource = 2;

    record Seen(int gateway, KnockEvent event) {
        boolean isOutcome() {
            return event instanceof KnockEvent.Accepted || event instanceof KnockEvent.Rejected
                    || event instanceof KnockEvent.Throttled || event instanceof KnockEvent.Exhausted;
        }
    }

    /** A knock and the address it is sent from. */
    record Sent(IssuedKnock knock, InetAddress source) {
    }

    static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void threeServersShareOnePad() throws Exception {
        POSTGRES.dropTables();
        pad = TestPads.fromSeed(dir, "fleet-servers", PROFILE.digitBits(), (KNOCKS + 100) * PROFILE.blockDigits());
        issuer = new KnockIssuer(PROFILE, pad, new InMemoryPadStateStore(), Clock.systemUTC());
        JdbcPadStateStore.create(POSTGRES.dataSource()).create(PadState.fresh(pad.id(), Side.SERVER));
        for (int g = 0; g < GATEWAYS; g++) {
            InMemoryCapture capture = new InMemoryCapture();
            RecordingLauncher launcher = new RecordingLauncher(Clock.systemUTC());
            ServerDoor door = ServerDoor.oneTime(new OneTimeDoor("ssh", PROFILE), JdbcPadStateStore.create(POSTGRES.dataSource()))
                    .pads(pad)
                    .service(22, launcher)
                    .defaultDuration(Duration.ofSeconds(5))
                    .maxDuration(Duration.ofSeconds(30))
                    .build();
            int gateway = g;
            KnockServer server = KnockServer.builder().capture(capture).door(door)
                    .listener(event -> seen.add(new Seen(gateway, event)))
                    .build();
            server.start();
            captures.add(capture);
            launchers.add(launcher);
            servers.add(server);
        }
    }

    @AfterEach
    void stopTheServers() {
        servers.forEach(KnockServer::close);
        launchers.forEach(RecordingLauncher::close);
    }

    @Test
    void everyKnockMirroredToAllThreeServersOpensExactlyOnceInTotal() throws Exception {
        List<Sent> sent = new ArrayList<>();
        for (int j = 0; j < KNOCKS; j++) {
            Sent knock = issue();
            sent.add(knock);
            mirror(knock);
            awaitCount(outcome(knock), GATEWAYS);
        }
        awaitStarts(KNOCKS);
        closeTheServers();

        for (Sent knock : sent) {
            assertEquals(1, count(event(KnockEvent.Accepted.class, knock)), "knock " + knock.knock().knockIndex());
            assertEquals(1, starts(knock.source()), "openings for knock " + knock.knock().knockIndex());
        }
        assertEquals(KNOCKS, count(s -> s.event() instanceof KnockEvent.Accepted));
        assertEquals(KNOCKS, count(s -> s.event() instanceof KnockEvent.Opened));
    }

    @Test
    void knocksSpreadAtRandomOpenOnceAndTheirReplaysToTheOtherTwoServersReopenNothing() throws Exception {
        Random random = new Random(9);
        List<Sent> sent = new ArrayList<>();
        for (int j = 0; j < KNOCKS; j++) {
            Sent knock = issue();
            sent.add(knock);
            int gateway = random.nextInt(GATEWAYS);
            inject(gateway, knock);
            awaitCount(outcome(knock), 1);
            for (int other = 0; other < GATEWAYS; other++) {
                if (other != gateway) {
                    inject(other, knock);
                }
            }
        }
        awaitStarts(KNOCKS);
        closeTheServers();

        assertEquals(KNOCKS, count(s -> s.event() instanceof KnockEvent.Accepted));
        for (Sent knock : sent) {
            assertEquals(1, count(event(KnockEvent.Accepted.class, knock)), "knock " + knock.knock().knockIndex());
            assertEquals(1, starts(knock.source()), "openings for knock " + knock.knock().knockIndex());
        }
        assertAcceptedAtMostOncePerBlock();
    }

    @Test
    void knocksDuringAnOutageAreRefusedAndAfterwardsTheSameServersAcceptEachKnockOnce() throws Exception {
        List<Sent> sent = new ArrayList<>();
        for (int j = 0; j < 100; j++) {
            Sent knock = issue();
            sent.add(knock);
            mirror(knock);
            awaitCount(outcome(knock), GATEWAYS);
        }
        awaitStarts(100);

        POSTGRES.stop();
        List<Sent> duringOutage = new ArrayList<>();
        try {
            for (int j = 0; j < 5; j++) {
                Sent knock = issue();
                sent.add(knock);
                duringOutage.add(knock);
                mirror(knock);
                awaitCount(outcome(knock), GATEWAYS);
            }
        } finally {
            POSTGRES.start();
        }
        for (Sent knock : duringOutage) {
            assertEquals(GATEWAYS, count(s -> s.event() instanceof KnockEvent.Rejected r
                    && r.reason() == KnockEvent.RejectReason.STATE_UNAVAILABLE && r.source().equals(knock.source())),
                    "refusals of knock " + knock.knock().knockIndex() + " during the outage");
            assertEquals(0, starts(knock.source()));
        }

        // The pools reconnect in the background; until they have, knocks are still refused.
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Sent knock = issue();
            sent.add(knock);
            mirror(knock);
            awaitCount(outcome(knock), GATEWAYS);
            if (count(event(KnockEvent.Accepted.class, knock)) > 0) {
                break;
            }
            assertTrue(System.nanoTime() < deadline, "the servers did not recover within " + WAIT);
            Thread.sleep(200);
        }
        for (int j = 0; j < 100; j++) {
            Sent knock = issue();
            sent.add(knock);
            mirror(knock);
            awaitCount(outcome(knock), GATEWAYS);
            assertEquals(1, count(event(KnockEvent.Accepted.class, knock)), "knock " + knock.knock().knockIndex()
                    + " after the outage");
        }
        for (Sent replay : sent) {
            mirror(replay);
        }
        closeTheServers();

        assertAcceptedAtMostOncePerBlock();
        for (Sent knock : sent) {
            long accepted = count(event(KnockEvent.Accepted.class, knock));
            assertTrue(accepted <= 1, "knock " + knock.knock().knockIndex() + " accepted " + accepted + " times");
            assertEquals(accepted, starts(knock.source()), "openings for knock " + knock.knock().knockIndex());
        }
        assertEquals(201, count(s -> s.event() instanceof KnockEvent.Accepted));
    }

    private Sent issue() throws IOException {
        InetAddress source = address("2001:db8::" + Integer.toHexString(nextSource++));
        return new Sent(issuer.issue(new int[] {22, 1, 0}, Optional.of(source)), source);
    }

    private void inject(int gateway, Sent knock) {
        for (int port : knock.knock().ports()) {
            captures.get(gateway).inject(PacketEvent.udp(Instant.now(), knock.source(), SERVER, port));
        }
    }

    /** Every packet of the knock to every server, as a mirroring switch port would deliver them. */
    private void mirror(Sent knock) {
        for (int g = 0; g < GATEWAYS; g++) {
            inject(g, knock);
        }
    }

    private void awaitCount(Predicate<Seen> which, long total) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (count(which) < total) {
            assertTrue(System.nanoTime() < deadline, "only " + count(which) + " of " + total + " events");
            Thread.sleep(1);
        }
    }

    private void awaitStarts(int total) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (allStarts().size() < total) {
            assertTrue(System.nanoTime() < deadline, "only " + allStarts().size() + " of " + total + " openings");
            Thread.sleep(5);
        }
    }

    /** Closes the servers: knocks being verified finish first, so no outcome is still on its way. */
    private void closeTheServers() {
        servers.forEach(KnockServer::close);
    }

    private List<RecordingLauncher.Event> allStarts() {
        List<RecordingLauncher.Event> starts = new ArrayList<>();
        for (RecordingLauncher launcher : launchers) {
            launcher.events().stream().filter(e -> e.action() == RecordingLauncher.Action.START).forEach(starts::add);
        }
        return starts;
    }

    private long starts(InetAddress source) {
        return allStarts().stream().filter(e -> e.request().source().equals(source)).count();
    }

    private long count(Predicate<Seen> which) {
        return seen.stream().filter(which).count();
    }

    private static Predicate<Seen> event(Class<? extends KnockEvent> type, Sent knock) {
        return s -> type.isInstance(s.event()) && sourceOf(s.event()).equals(Optional.of(knock.source()));
    }

    /** A verification outcome (accepted, rejected, throttled, exhausted) of this knock at any server. */
    private static Predicate<Seen> outcome(Sent knock) {
        return s -> s.isOutcome() && sourceOf(s.event()).equals(Optional.of(knock.source()));
    }

    private static Optional<InetAddress> sourceOf(KnockEvent event) {
        if (event instanceof KnockEvent.Accepted a) {
            return Optional.of(a.source());
        } else if (event instanceof KnockEvent.Rejected r) {
            return Optional.of(r.source());
        } else if (event instanceof KnockEvent.Throttled t) {
            return Optional.of(t.source());
        } else if (event instanceof KnockEvent.Exhausted e) {
            return Optional.of(e.source());
        }
        return Optional.empty();
    }

    private void assertAcceptedAtMostOncePerBlock() {
        Map<Long, Integer> accepted = new HashMap<>();
        for (Seen s : seen) {
            if (s.event() instanceof KnockEvent.Accepted a) {
                assertEquals(Optional.of(pad.id()), a.padId());
                accepted.merge(a.knockIndex(), 1, Integer::sum);
            }
        }
        accepted.forEach((index, times) -> assertEquals(1, times, "block " + index + " accepted " + times + " times"));
    }
}
