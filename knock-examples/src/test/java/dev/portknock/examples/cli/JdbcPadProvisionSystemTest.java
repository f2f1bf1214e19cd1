package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.examples.config.ServerConfig;
import dev.portknock.jdbc.JdbcPadStateStore;
import dev.portknock.jdbc.PostgresServer;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadStateStore;
import dev.portknock.pad.Side;
import dev.portknock.runtime.KnockEvent;
import dev.portknock.spi.ProviderRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code knock pad provision} for a door whose state is a {@code jdbc:postgresql:} URL, against a
 * real PostgreSQL: the pad's server state is created in the database, the door serves the pad, and
 * the bundle knocks on it.
 */
@Tag("system")
class JdbcPadProvisionSystemTest {
    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    @TempDir
    Path dir;

    private final BlockingQueue<KnockEvent> events = new LinkedBlockingQueue<>();
    private Map<String, String> credentials;
    private Path config;
    private Path pads;
    private Path bundle;

    @BeforeEach
    void writeConfiguration() throws Exception {
        credentials = Map.of("PORTKNOCK_DB_USER", PostgresServer.USER, "PORTKNOCK_DB_PASSWORD", POSTGRES.password());
        pads = Files.createDirectory(dir.resolve("pads"));
        bundle = dir.resolve("alice.bundle");
        int base = 20000 + 512 * (int) (ProcessHandle.current().pid() % 80);
        config = Files.writeString(dir.resolve("doors.conf"), "[team]\n  pad = pads\n  state = " + POSTGRES.url()
                + "\n  base_port = " + base + "\n  digit_bits = 9\n  tag_digits = 7\n  capture = udp-socket\n"
                + "  listen = 127.0.0.1\n  services = 5,6\n  start_command = true\n");
    }

    private Cli.Result provision(Map<String, String> environment) throws Exception {
        return ThisBuild.run(environment, "pad", "provision", "-c", config.toString(), "--door", "team", "--label",
                "alice-laptop", "--host", "127.0.0.1", "--out", bundle.toString(), "--knocks", "20");
    }

    @Test
    void aPadProvisionedIntoTheDatabaseIsServedAndItsBundleKnocks() throws Exception {
        Cli.Result provisioned = provision(credentials);
        assertEquals(KnockCli.OK, provisioned.status(), provisioned.err());
        Pad pad = Pad.open(pads.resolve("alice-laptop.pad"));
        assertTrue(provisioned.out().contains("  server state: the database " + POSTGRES.url() + " (cursor 0)"
                + System.lineSeparator()), provisioned.out());
        PadStateStore database = JdbcPadStateStore.create(POSTGRES.dataSource());
        assertEquals(0, database.read(pad.id(), Side.SERVER).cursor());

        try (ConfiguredServers servers = ConfiguredServers.assemble(ServerConfig.load(config),
                ProviderRegistry.discoverCaptureProviders(), ProviderRegistry.discoverLauncherProviders(),
                Clock.systemUTC(), List.of(events::add), credentials)) {
            servers.start();
            KnockEvent.Accepted accepted = knockUntilAccepted();
            assertEquals(Optional.of("alice-laptop"), accepted.label());
            assertEquals(Optional.of(pad.id()), accepted.padId());
            assertEquals(accepted.knockIndex() + 1, database.read(pad.id(), Side.SERVER).cursor(),
                    "the cursor moved in the database");
        }
    }

    @Test
    void aDatabaseThatRefusesTheCredentialsIsNamedWithTheDoorAndTheDriversReasonAndLeavesNoFileBehind() throws Exception {
        Cli.Result refused = provision(Map.of("PORTKNOCK_DB_USER", PostgresServer.USER,
                "PORTKNOCK_DB_PASSWORD", "not-" + POSTGRES.password()));
        assertEquals(KnockCli.FAILED, refused.status(), refused.err());
        String error = refused.err().lines().reduce((first, last) -> last).orElse("");
        assertTrue(error.startsWith("knock: door team: state (the database " + POSTGRES.url() + "): cannot create the "
                + "schema in the pad state database: "), refused.err());
        assertTrue(error.endsWith(": FATAL: password authentication failed for user \"" + PostgresServer.USER
                + "\" (SQL state 28P01)"), refused.err());
        assertEquals(List.of(), List.of(pads.toFile().list()), "nothing is left in the pad directory");
        assertEquals(List.of("doors.conf", "pads"), Stream.of(dir.toFile().list()).sorted().toList(), "no bundle");
        assertTrue(!refused.err().contains(POSTGRES.password()), refused.err());
    }

    /**
     * Knocks with the bundle until a knock is accepted, at most three times: a udp-socket capture
     * reads one socket per port, and on a machine loaded enough to hold its thread back while two
     * packets wait, it cannot tell their order (KnockClient.DEFAULT_PACING); such a knock is lost
     * and the next one, a block further on, is accepted. Every verdict seen is in the message.
     */
    private KnockEvent.Accepted knockUntilAccepted() throws InterruptedException {
        List<KnockEvent> seen = new ArrayList<>();
        for (int attempt = 0; attempt < 3; attempt++) {
            Cli.Result sent = Cli.run("send", "--bundle", bundle.toString(), "--state",
                    dir.resolve("client-state").toString(), "--command", "6,1,0", "--delay-ms", "100");
            assertEquals(KnockCli.OK, sent.status(), sent.err());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            for (KnockEvent event = poll(deadline); event != null; event = poll(deadline)) {
                if (event instanceof KnockEvent.Accepted accepted) {
                    return accepted;
                }
                seen.add(event);
            }
        }
        throw new AssertionError("no knock accepted in three attempts: " + seen);
    }

    private KnockEvent poll(long deadline) throws InterruptedException {
        return events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
}
