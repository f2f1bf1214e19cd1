package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.examples.config.ServerConfig;
import dev.portknock.jdbc.JdbcPadStateStore;
import dev.portknock.jdbc.PostgresServer;
import dev.portknock.pad.FilePadStateStore;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadState;
import dev.portknock.pad.PadStateStore;
import dev.portknock.pad.Side;
import dev.portknock.runtime.KnockEvent;
import dev.portknock.spi.ProviderRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code knock server} with {@code state = jdbc:postgresql:...} against a real PostgreSQL: the door
 * keeps its cursor in the database, and follows a cursor another gateway moved by more than a window.
 */
@Tag("system")
class JdbcStateServerSystemTest {
    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    static final int WINDOW = 64;

    @TempDir
    Path dir;

    final BlockingQueue<KnockEvent> events = new LinkedBlockingQueue<>();

    @Test
    void aDoorWithJdbcStateOpensOnAKnockAndFollowsACursorAnotherGatewayMoved() throws Exception {
        Path padFile = dir.resolve("door.pad");
        assertEquals(KnockCli.OK, Cli.run("pad", "generate", "--out", padFile.toString(), "--knocks", "100",
                "--bits", "9", "--tag-digits", "7").status());
        Pad pad = Pad.open(padFile);
        // a new pad: its server state is created explicitly in the shared database, by knock pad init
        Map<String, String> environment = Map.of("PORTKNOCK_DB_USER", PostgresServer.USER,
                "PORTKNOCK_DB_PASSWORD", POSTGRES.password());
        assertEquals("created the server state of pad " + pad.id() + " in the database " + POSTGRES.url()
                + " at cursor 0", knock(environment, "pad", "init", "--pad", padFile.toString(), "--state",
                POSTGRES.url()).strip());
        assertTrue(knockFails(environment, "pad", "init", "--pad", padFile.toString(), "--state", POSTGRES.url())
                .contains("already has a server state in the database " + POSTGRES.url() + " (cursor 0)"));
        int base = 20000 + 512 * (int) (ProcessHandle.current().pid() % 80);
        Path opened = dir.resolve("opened");
        Path config = Files.writeString(dir.resolve("doors.conf"), "[fleet]\n  pad = door.pad\n  state = "
                + POSTGRES.url() + "\n  base_port = " + base + "\n  digit_bits = 9\n  tag_digits = 7\n  window = "
                + WINDOW + "\n  capture = udp-socket\n  listen = 127.0.0.1\n  services = 5,6\n"
                + "  start_command = touch " + opened + "-%SERVICE%\n");

        try (ConfiguredServers servers = ConfiguredServers.assemble(ServerConfig.load(config),
                ProviderRegistry.discoverCaptureProviders(), ProviderRegistry.discoverLauncherProviders(),
                Clock.systemUTC(), List.of(events::add), environment)) {
            servers.start();
            // a udp-socket capture held back by a loaded machine may read two waiting packets out of
            // order (KnockClient.DEFAULT_PACING): that knock is lost, and the next, a block on, accepted
            KnockEvent.Accepted first = null;
            for (int attempt = 0; attempt < 3 && first == null; attempt++) {
                send(base);
                first = acceptedWithin(Duration.ofSeconds(5));
            }
            assertTrue(first != null, "no knock accepted");
            assertTrue(waitForFile(Path.of(opened + "-6")), "service 6 did not open");
            PadStateStore database = JdbcPadStateStore.create(POSTGRES.dataSource());
            assertEquals(first.knockIndex() + 1, database.read(pad.id(), Side.SERVER).cursor());

            // Another gateway accepts a window's worth of knocks and more; the client sent them.
            long elsewhere = first.knockIndex() + 1 + WINDOW + 5;
            advance(database, pad, Side.SERVER, elsewhere);
            advance(new FilePadStateStore(dir.resolve("client-state")), pad, Side.CLIENT, elsewhere);

            // Within the refresh interval the server has read the moved cursor and accepts again;
            // a knock sent before it has is dropped and merely moves the client on by one block.
            KnockEvent.Accepted accepted = null;
            for (int attempt = 0; attempt < 10 && accepted == null; attempt++) {
                send(base);
                accepted = nextVerdict(Duration.ofSeconds(2)) instanceof KnockEvent.Accepted a ? a : null;
            }
            assertTrue(accepted != null, "no knock accepted after the cursor moved elsewhere");
            assertTrue(accepted.knockIndex() >= elsewhere, "accepted block " + accepted.knockIndex());
            assertEquals(accepted.knockIndex() + 1, database.read(pad.id(), Side.SERVER).cursor());
        }
    }

    private void send(int base) {
        Cli.Result knock = Cli.run("send", "127.0.0.1", "--pad", dir.resolve("door.pad").toString(), "--state",
                dir.resolve("client-state").toString(), "--base", Integer.toString(base), "--tag-digits", "7",
                "--command", "6,1,0");
        assertEquals(KnockCli.OK, knock.status(), knock.err());
    }

    /** The next acceptance within {@code wait}, skipping refusals (a lost knock's leftovers), or null. */
    private KnockEvent.Accepted acceptedWithin(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        for (KnockEvent event = nextVerdict(wait); event != null;
                event = nextVerdict(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
            if (event instanceof KnockEvent.Accepted accepted) {
                return accepted;
            }
        }
        return null;
    }

    /**
     * The next verdict on a knock (accepted, rejected, throttled, exhausted) within {@code wait},
     * or null: the first knock's service opening and closing are skipped, so that a verdict is read
     * as the one on the knock just sent (a knock the matcher drops before the refresh has none).
     */
    private KnockEvent nextVerdict(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            KnockEvent event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event == null || event instanceof KnockEvent.Accepted || event instanceof KnockEvent.Rejected
                    || event instanceof KnockEvent.Throttled || event instanceof KnockEvent.Exhausted) {
                return event;
            }
        }
    }

    private static void advance(PadStateStore store, Pad pad, Side side, long cursor) throws Exception {
        PadState state = store.read(pad.id(), side);
        assertTrue(store.compareAndSet(state, state.advancedTo(cursor, Instant.now())));
    }

    private static boolean waitForFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Runs the knock command line in a JVM of its own with {@code environment}; its standard output, exit 0 required. */
    private static String knock(Map<String, String> environment, String... args) throws IOException,
            InterruptedException {
        Cli.Result result = ThisBuild.run(environment, args);
        assertEquals(KnockCli.OK, result.status(), result.err());
        return result.out();
    }

    /** As {@link #knock}, for a command that must fail: its standard error. */
    private static String knockFails(Map<String, String> environment, String... args) throws IOException,
            InterruptedException {
        Cli.Result result = ThisBuild.run(environment, args);
        assertEquals(KnockCli.FAILED, result.status(), result.err());
        return result.err();
    }
}
