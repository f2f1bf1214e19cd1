package dev.portknock.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.core.Profile;
import dev.portknock.pad.DoorVerifier;
import dev.portknock.pad.InMemoryPadStateStore;
import dev.portknock.pad.IssuedKnock;
import dev.portknock.pad.KnockIssuer;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadState;
import dev.portknock.pad.Side;
import dev.portknock.pad.TestPads;
import dev.portknock.pad.Verification;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three gateways, each a knock-pad {@link DoorVerifier} on its own {@link JdbcPadStateStore} and
 * data source, share one pad through PostgreSQL; every knock is mirrored to all three at once.
 */
@Tag("system")
class FleetVerificationTest {
    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    static final Profile PROFILE = Profile.defaults();
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-04-01T12:00:00Z"), ZoneOffset.UTC);
    static final int[] COMMAND = {22, 60, 1};
    static final int KNOCKS = 1000;
    static final Duration RECOVERY = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    InetAddress source;
    KnockIssuer issuer;
    List<DoorVerifier> gateways;
    ExecutorService mirror;

    /** What one gateway made of one knock: a verification, or the I/O error it refused with. */
    record Outcome(Optional<Verification> verification, Optional<IOException> failure) {
        boolean accepted(long knockIndex) {
            return verification.filter(v -> v instanceof Verification.Accepted a && a.knockIndex() == knockIndex)
                    .isPresent();
        }

        boolean acceptedAnything() {
            return verification.filter(v -> v instanceof Verification.Accepted).isPresent();
        }
    }

    @BeforeEach
    void threeGatewaysShareOnePad() throws Exception {
        POSTGRES.dropTables();
        source = InetAddress.getByName("192.0.2.10");
        Pad pad = TestPads.fromSeed(dir, "fleet", PROFILE.digitBits(), (KNOCKS + 10) * PROFILE.blockDigits());
        issuer = new KnockIssuer(PROFILE, pad, new InMemoryPadStateStore(), CLOCK);
        JdbcPadStateStore.create(POSTGRES.dataSource()).create(PadState.fresh(pad.id(), Side.SERVER));
        gateways = new ArrayList<>();
        for (int g = 0; g < 3; g++) {
            gateways.add(DoorVerifier.builder(PROFILE, JdbcPadStateStore.create(POSTGRES.dataSource()))
                    .pads(pad).clock(CLOCK).build());
        }
        mirror = Executors.newFixedThreadPool(gateways.size());
    }

    @AfterEach
    void stopMirroring() {
        mirror.shutdownNow();
    }

    @Test
    void everyMirroredKnockIsAcceptedExactlyOnceAndItsReplaysAreRefused() throws Exception {
        for (int j = 0; j < KNOCKS; j++) {
            IssuedKnock knock = issuer.issue(COMMAND, Optional.of(source));
            List<Outcome> outcomes = mirrored(knock);
            assertEquals(1, outcomes.stream().filter(o -> o.accepted(knock.knockIndex())).count(), "knock " + j);
            assertEquals(1, outcomes.stream().filter(Outcome::acceptedAnything).count(), "knock " + j);
            for (DoorVerifier gateway : gateways) {
                assertEquals(new Verification.Rejected(Verification.Reason.BEHIND_CURSOR),
                        gateway.verify(knock.digits(), source), "replay of knock " + j);
            }
        }
        for (DoorVerifier gateway : gateways) {
            gateway.refresh();
            assertEquals(KNOCKS, gateway.pads().get(0).cursor());
        }
    }

    @Test
    void duringAnOutageEveryGatewayRefusesAndAfterwardsTheSameGatewaysAcceptEachKnockOnce() throws Exception {
        List<IssuedKnock> sent = new ArrayList<>();
        for (int j = 0; j < 200; j++) {
            IssuedKnock knock = issue(sent);
            assertEquals(1, mirrored(knock).stream().filter(o -> o.accepted(knock.knockIndex())).count(), "knock " + j);
        }

        IssuedKnock inFlight = issue(sent);
        ExecutorService racer = Executors.newSingleThreadExecutor();
        long inFlightAccepted;
        try {
            Future<List<Outcome>> racingTheStop = racer.submit(() -> mirrored(inFlight));
            POSTGRES.stop();
            inFlightAccepted = racingTheStop.get().stream().filter(Outcome::acceptedAnything).count();
        } finally {
            racer.shutdownNow();
        }
        assertTrue(inFlightAccepted <= 1, "the knock in flight at the stop was accepted " + inFlightAccepted + " times");
        for (int j = 0; j < 5; j++) {
            IssuedKnock knock = issue(sent);
            for (Outcome outcome : mirrored(knock)) {
                assertTrue(outcome.failure().isPresent(), "knock during the outage: " + outcome);
            }
        }
        POSTGRES.start();

        // The pools reconnect in the background (HikariCP backs off up to a few seconds between
        // attempts): until they have, knocks are still refused; none may be accepted twice.
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (true) {
            IssuedKnock knock = issue(sent);
            long accepted = mirrored(knock).stream().filter(o -> o.accepted(knock.knockIndex())).count();
            assertTrue(accepted <= 1, "knock " + knock.knockIndex() + " accepted " + accepted + " times");
            if (accepted == 1) {
                break;
            }
            assertTrue(System.nanoTime() < deadline, "the gateways did not recover within " + RECOVERY);
            Thread.sleep(200);
        }
        for (int j = 0; j < 200; j++) {
            IssuedKnock knock = issue(sent);
            assertEquals(1, mirrored(knock).stream().filter(o -> o.accepted(knock.knockIndex())).count(),
                    "knock " + knock.knockIndex() + " after the outage");
        }
        for (IssuedKnock replay : sent) {
            for (Outcome outcome : mirrored(replay)) {
                assertTrue(outcome.verification().isPresent() && !outcome.acceptedAnything(),
                        "replay of knock " + replay.knockIndex() + ": " + outcome);
            }
        }
    }

    private IssuedKnock issue(List<IssuedKnock> sent) throws IOException {
        IssuedKnock knock = issuer.issue(COMMAND, Optional.of(source));
        sent.add(knock);
        return knock;
    }

    /** Hands the knock to the three gateways at once, as mirrored packets would. */
    private List<Outcome> mirrored(IssuedKnock knock) throws InterruptedException, ExecutionException {
        List<Future<Outcome>> pending = new ArrayList<>();
        for (DoorVerifier gateway : gateways) {
            pending.add(mirror.submit(() -> {
                try {
                    return new Outcome(Optional.of(gateway.verify(knock.digits(), source)), Optional.empty());
                } catch (IOException e) {
                    return new Outcome(Optional.empty(), Optional.of(e));
                }
            }));
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> outcome : pending) {
            outcomes.add(outcome.get());
        }
        return outcomes;
    }
}
