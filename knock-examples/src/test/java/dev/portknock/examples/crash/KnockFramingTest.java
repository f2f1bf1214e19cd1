package dev.portknock.examples.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.core.Command;
import dev.portknock.core.OneTimeDoor;
import dev.portknock.core.PacketEvent;
import dev.portknock.core.Profile;
import dev.portknock.core.Scheme;
import dev.portknock.core.SourceBinding;
import dev.portknock.core.Transport;
import dev.portknock.pad.InMemoryPadStateStore;
import dev.portknock.pad.KnockIssuer;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadState;
import dev.portknock.pad.Side;
import dev.portknock.runtime.KnockEvent;
import dev.portknock.runtime.KnockServer;
import dev.portknock.runtime.ServerDoor;
import dev.portknock.testkit.InMemoryCapture;
import dev.portknock.testkit.RecordingLauncher;
import dev.portknock.testkit.TestClock;
import dev.portknock.testkit.TestPads;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test's replay model against the real matcher and verifier, in process: a KnockServer
 * on the crash test's door, an in-memory capture, a clock that never moves (no candidate times
 * out), one verification thread (verdicts in the order knocks completed). Old knocks are replayed
 * as the crash test replays them, and the server's verdicts are counted against the model's.
 */
class KnockFramingTest {
    private static final int DIGIT_BITS = 10;
    private static final int RADIX = 1 << DIGIT_BITS;
    private static final int WINDOW = 32;
    private static final long PAD_KNOCKS = 2000;
    private static final int SERVICE = 5;

    @TempDir
    Path dir;

    private final TestClock clock = TestClock.at(Instant.parse("2026-12-05T05:00:00Z"));
    private final InMemoryCapture capture = new InMemoryCapture();
    private final List<KnockEvent> verdicts = new ArrayList<>();
    private final Profile profile = Profile.builder().scheme(Scheme.SEALED).base(24576).digitBits(DIGIT_BITS)
            .transport(Transport.UDP).commandDigits(3).tagDigits(6).window(WINDOW)
            .sourceBinding(SourceBinding.BIND).sequenceTimeout(Duration.ofSeconds(5)).build();
    private final int[] command = Command.serviceDurationDelay(RADIX, SERVICE, 1, 0).values();
    private InetAddress loopback;
    private Pad pad;
    private KnockServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Serves the crash test's door on a pad whose server cursor is at {@code cursor}. */
    private void serveAt(long cursor) throws IOException {
        loopback = InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        pad = TestPads.seeded(dir, "crash", profile, PAD_KNOCKS);
        InMemoryPadStateStore store = new InMemoryPadStateStore();
        PadState fresh = PadState.fresh(pad.id(), Side.SERVER);
        store.create(fresh);
        assertTrue(store.compareAndSet(fresh, fresh.advancedTo(cursor, clock.instant())));
        // the throttle stays out of the way, as the crash test keeps below it
        ServerDoor door = ServerDoor.oneTime(new OneTimeDoor("crash", profile), store).pads(pad).clock(clock)
                .failureLimit(1_000_000).service(SERVICE, new RecordingLauncher(clock)).build();
        server = KnockServer.builder().clock(clock).capture(capture).workerThreads(1).listener(event -> {
            if (event instanceof KnockEvent.Accepted || event instanceof KnockEvent.Rejected
                    || event instanceof KnockEvent.Throttled) {
                synchronized (verdicts) {
                    verdicts.add(event);
                    verdicts.notifyAll();
                }
            }
        }).door(door).build();
        server.start();
    }

    /** The digits of knock {@code block}, as the client sent it. */
    private int[] knockAt(long block) throws IOException {
        InMemoryPadStateStore store = new InMemoryPadStateStore();
        PadState fresh = PadState.fresh(pad.id(), Side.CLIENT);
        store.compareAndSet(fresh, fresh.advancedTo(block, Instant.EPOCH));
        return new KnockIssuer(profile, pad, store, clock).peek(command, Optional.of(loopback)).digits();
    }

    private void send(int[] digits) {
        for (int digit : digits) {
            capture.inject(PacketEvent.udp(clock.instant(), loopback, loopback, profile.portOf(digit)));
        }
    }

    /** Waits until the server gave at least {@code count} verdicts; how many it gave. */
    private int awaitVerdicts(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        synchronized (verdicts) {
            while (verdicts.size() < count && System.nanoTime() < deadline) {
                verdicts.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
            return verdicts.size();
        }
    }

    /** Replays these blocks as the crash test does; returns the verdicts the model expects. */
    private int replay(KnockFraming framing, List<Long> blocks) throws Exception {
        int expected = 0;
        for (long block : blocks) {
            int[] digits = knockAt(block);
            expected += framing.offerKnock(block, digits);
            send(digits);
            awaitVerdicts(expected);
            int[] filler = framing.filler();
            expected += framing.offerFiller(filler);
            send(filler);
        }
        return expected;
    }

    /** The verdicts given before the fresh knock's acceptance, which comes after every earlier one. */
    private int verdictsBeforeAFreshKnock(long cursor, int atLeast) throws Exception {
        send(knockAt(cursor));
        awaitVerdicts(atLeast + 1);
        synchronized (verdicts) {
            KnockEvent last = verdicts.get(verdicts.size() - 1);
            assertTrue(last instanceof KnockEvent.Accepted accepted && accepted.knockIndex() == cursor,
                    "the fresh knock is accepted last: " + last);
            return verdicts.size() - 1;
        }
    }

    /**
     * Serves the door at {@code cursor}, replays every {@code step}-th block from {@code from} to it, then knocks
     * afresh; checks the server gave the verdicts the model counts, accepted none of the replays,
     * and returns how many verdicts per replay that was.
     */
    private double replayBehind(long cursor, long from, int step) throws Exception {
        serveAt(cursor);
        KnockFraming framing = new KnockFraming(RADIX, WINDOW, PAD_KNOCKS, profile.knockLength(), cursor);
        List<Long> blocks = new ArrayList<>();
        for (long block = from; block < cursor; block += step) {
            blocks.add(block);
        }
        int expected = replay(framing, blocks);
        assertEquals(expected, verdictsBeforeAFreshKnock(cursor, expected));
        assertEquals(cursor, framing.cursor());
        return (double) expected / blocks.size();
    }

    @Test
    void replaysInsideTheRegionGiveTheVerdictsTheModelCounts() throws Exception {
        // the region reaches W blocks behind the cursor: each replay there is recognised as genuine
        assertEquals(1.0, replayBehind(40, 40 - WINDOW, 1), "one verdict each, no leftover candidate");
    }

    @Test
    void replaysFarBehindTheCursorWhoseLaterDigitsOpenCandidatesGiveTheVerdictsTheModelCounts() throws Exception {
        assertTrue(replayBehind(1100, 0, 3) > 1, "some replays' later digits opened candidates");
    }
}
