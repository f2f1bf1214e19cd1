package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.core.OneTimeDoor;
import dev.portknock.core.Profile;
import dev.portknock.examples.config.BundleFormat;
import dev.portknock.pad.FilePadStateStore;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadId;
import dev.portknock.pad.Side;
import dev.portknock.runtime.KnockEvent;
import dev.portknock.runtime.KnockServer;
import dev.portknock.runtime.ServerDoor;
import dev.portknock.spi.CaptureSource;
import dev.portknock.spi.CaptureSpec;
import dev.portknock.spi.ProviderRegistry;
import dev.portknock.testkit.RecordingLauncher;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollover end to end: a door serving an old and a new pad side by side (both made by
 * {@code knock pad provision}, the server a {@link KnockServer} on a udp-socket capture on
 * loopback), and one client holding both bundles, which moves to the new pad by itself when the
 * old one is used up.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BundleRolloverTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path dir;
    private final BlockingQueue<KnockEvent> events = new LinkedBlockingQueue<>();
    private final RecordingLauncher launcher = new RecordingLauncher(Clock.systemUTC());
    private KnockServer server;
    private Path oldBundle;
    private Path newBundle;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aClientMovesFromItsExhaustedPadToTheNextWhichTheDoorServesBesideIt() throws Exception {
        startDoorWithTwoPads();
        PadId oldPad = BundleFormat.read(oldBundle).pad().id();
        PadId newPad = BundleFormat.read(newBundle).pad().id();
        List<String> accepted = new ArrayList<>();
        List<Cli.Result> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Cli.Result sent = Cli.run("send", "--bundle", oldBundle.toString(), "--bundle", newBundle.toString(),
                    "--state", dir.resolve("client-state").toString(), "--low-water", "0");
            assertEquals(KnockCli.OK, sent.status(), sent.err());
            results.add(sent);
            KnockEvent.Accepted event = next(KnockEvent.Accepted.class);
            accepted.add(event.padId().orElseThrow() + "#" + event.knockIndex());
            if (i == 0) {
                // later knocks for the same service and source extend this opening
                assertEquals(22, next(KnockEvent.Opened.class).service(), "the bundle's first service, unasked");
            }
        }
        assertEquals(List.of(oldPad + "#0", oldPad + "#1", newPad + "#0", newPad + "#1"), accepted);
        assertEquals("pad " + oldPad + " (" + oldBundle + ") is used up: moving on to pad " + newPad + " (" + newBundle
                + ")" + System.lineSeparator(), results.get(2).err());
        assertTrue(results.get(3).out().startsWith("sent knock 1 of pad " + newPad + " to 127.0.0.1, 0 knocks left"),
                results.get(3).out());
    }

    @Test
    void knockServerServesTheProvisionedPadsFromTheDoorsDirectoryAndTheClientRollsOver() throws Exception {
        for (int attempt = 0; attempt < 5; attempt++) {
            ProvisionedDoor door = new ProvisionedDoor(dir.resolve("served-" + attempt),
                    ThreadLocalRandom.current().nextInt(20_000, 60_000));
            Path old = door.provision("alice-old", 2);
            Path replacement = door.provision("alice-new", 2);
            RunningServer running;
            try {
                running = new RunningServer(door.config());
            } catch (AssertionError portsTaken) {
                continue;
            }
            try (running) {
                FilePadStateStore state = FilePadStateStore.existing(door.state());
                PadId oldPad = BundleFormat.read(old).pad().id();
                PadId newPad = BundleFormat.read(replacement).pad().id();
                for (int i = 0; i < 3; i++) {
                    Cli.Result sent = Cli.run("send", "--bundle", old.toString(), "--bundle", replacement.toString(),
                            "--state", door.pads().resolveSibling("client-state").toString(), "-q");
                    assertEquals(KnockCli.OK, sent.status(), sent.err());
                    long oldCursor = Math.min(i + 1, 2);
                    long newCursor = Math.max(0, i - 1);
                    Poll.until(() -> serverCursor(state, oldPad) == oldCursor && serverCursor(state, newPad) == newCursor,
                            "the server's cursors after knock " + i);
                }
            }
            return;
        }
        throw new AssertionError("no free port range in 5 attempts");
    }

    /** Provisions two pads of two knocks on a free port range and serves both on one door. */
    private void startDoorWithTwoPads() throws Exception {
        IOException last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            ProvisionedDoor door = new ProvisionedDoor(dir.resolve("server-" + attempt),
                    ThreadLocalRandom.current().nextInt(20_000, 60_000));
            oldBundle = door.provision("alice-old", 2);
            newBundle = door.provision("alice-new", 2);
            Profile profile = door.profile();
            List<Pad> pads = new ArrayList<>();
            try (Stream<Path> files = Files.list(door.pads())) {
                for (Path file : files.filter(f -> f.toString().endsWith(".pad")).sorted().toList()) {
                    pads.add(Pad.open(file));
                }
            }
            CaptureSource capture = ProviderRegistry.discoverCaptureProviders().get("udp-socket").open(
                    new CaptureSpec(new OneTimeDoor("ssh", profile).portRanges(), Optional.empty(),
                            Optional.of(LOOPBACK), Optional.empty(), Clock.systemUTC(), Map.of()));
            server = KnockServer.builder().capture(capture).listener(events::add)
                    .door(ServerDoor.oneTime(new OneTimeDoor("ssh", profile), FilePadStateStore.existing(door.state()))
                            .pads(pads).service(22, launcher).service(443, launcher).build())
                    .build();
            try {
                server.start();
                return;
            } catch (IOException e) {
                server.close();
                server = null;
                last = e;
            }
        }
        throw last;
    }

    private <T extends KnockEvent> T next(Class<T> type) throws InterruptedException {
        while (true) {
            KnockEvent event = events.poll(15, TimeUnit.SECONDS);
            if (event == null) {
                throw new AssertionError("no " + type.getSimpleName() + " within 15 s");
            }
            if (type.isInstance(event)) {
                return type.cast(event);
            }
            if (event instanceof KnockEvent.Rejected rejected) {
                throw new AssertionError("knock rejected: " + rejected);
            }
        }
    }

    private static long serverCursor(FilePadStateStore state, PadId pad) {
        try {
            return state.read(pad, Side.SERVER).cursor();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
