package dev.portknock.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.core.OneTimeDoor;
import dev.portknock.core.PortRange;
import dev.portknock.core.Profile;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadState;
import dev.portknock.pad.Side;
import dev.portknock.spi.CaptureProvider;
import dev.portknock.spi.CaptureSource;
import dev.portknock.spi.CaptureSpec;
import dev.portknock.spi.ProviderNotFoundException;
import dev.portknock.spi.ProviderRegistry;
import dev.portknock.spi.Requirement;
import dev.portknock.testkit.InMemoryCapture;
import dev.portknock.testkit.InMemoryCaptureProvider;
import dev.portknock.testkit.RecordingLauncher;
import dev.portknock.testkit.TestClock;
import dev.portknock.testkit.TestKnockClient;
import dev.portknock.testkit.TestPads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server assembled from what an embedder has: a capture opened by provider id over the doors'
 * ports, and a refresh of shared stores that follows from the doors' stores.
 */
class KnockServerAssemblyTest {
    @TempDir
    Path directory;

    private final Profile profile = Profile.builder().base(40000).build();
    private final Profile other = Profile.builder().base(50000).build();
    private final TestClock clock = TestClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final RecordingLauncher launcher = new RecordingLauncher(clock);
    private final InMemoryCaptureProvider inMemory = new InMemoryCaptureProvider();
    private final ProviderRegistry<CaptureProvider> providers = ProviderRegistry.ofCaptureProviders(List.of(inMemory));
    private Pad pad;

    @BeforeEach
    void writeAPad() throws IOException {
        pad = TestPads.seeded(directory, "ssh", profile, 10);
    }

    private ServerDoor door(String name, Profile doorProfile) throws IOException {
        Pad doorPad = doorProfile.equals(profile) ? pad : TestPads.seeded(directory, name, doorProfile, 10);
        return ServerDoor.oneTime(new OneTimeDoor(name, doorProfile),
                dev.portknock.pad.InMemoryPadStateStore.withFreshServerStates(doorPad))
                .pads(doorPad).clock(clock).service(22, launcher).build();
    }

    @Test
    void aCaptureOpenedByProviderIdWatchesTheDoorsPortsWithTheSettingsGiven() throws IOException {
        InetAddress listen = InetAddress.getByName("192.0.2.1");
        CaptureSettings settings = new CaptureSettings(InMemoryCaptureProvider.ID, Optional.of("eth1"),
                Optional.of(listen), Optional.empty(), Map.of("buffer_size", "1048576"));

        try (KnockServer server = KnockServer.builder().clock(clock).capture(providers, settings)
                .door(door("ssh", profile)).door(door("web", other)).build()) {
            CaptureSpec spec = inMemory.opened().get(0).spec().orElseThrow();
            List<PortRange> doorsPorts = new java.util.ArrayList<>(new OneTimeDoor("ssh", profile).portRanges());
            doorsPorts.addAll(new OneTimeDoor("web", other).portRanges());
            assertEquals(doorsPorts, spec.ports());
            assertEquals(Optional.of("eth1"), spec.networkInterface());
            assertEquals(Optional.of(listen), spec.listenAddress());
            assertEquals(Map.of("buffer_size", "1048576"), spec.options());
            assertEquals(clock, spec.clock());
            assertEquals(2, server.doors().size());
        }
    }

    @Test
    void aCaptureOpenedByProviderIdDeliversKnocksToTheDoors() throws Exception {
        try (KnockServer server = KnockServer.builder().clock(clock)
                .capture(providers, CaptureSettings.of(InMemoryCaptureProvider.ID)).door(door("ssh", profile)).build()) {
            server.start();
            TestKnockClient.of(profile, pad, inMemory.opened().get(0), clock).knock(22, 60, 0);

            assertEquals(RecordingLauncher.Action.START,
                    launcher.awaitEvents(1, Duration.ofSeconds(10)).get(0).action());
        }
    }

    @Test
    void anUnknownCaptureProviderIdIsRefusedNamingIt() {
        ProviderNotFoundException e = assertThrows(ProviderNotFoundException.class,
                () -> KnockServer.builder().capture(providers, CaptureSettings.of("carrier-pigeon")));

        assertEquals("carrier-pigeon", e.id());
    }

    @Test
    void aCaptureThatCannotOpenIsAnIoErrorNamingTheProvider() throws IOException {
        CaptureProvider broken = new CaptureProvider() {
            @Override
            public String id() {
                return "broken";
            }

            @Override
            public Set<Requirement> requirements() {
                return Set.of();
            }

            @Override
            public CaptureSource open(CaptureSpec spec) throws IOException {
                throw new IOException("no such device");
            }
        };
        KnockServer.Builder builder = KnockServer.builder()
                .capture(ProviderRegistry.ofCaptureProviders(List.of(broken)), CaptureSettings.of("broken"))
                .door(door("ssh", profile));

        UncheckedIOException e = assertThrows(UncheckedIOException.class, builder::build);

        assertEquals("capture broken: no such device", e.getMessage());
    }

    @Test
    void aCaptureIsSetOnceWhicheverWayItIsGiven() {
        KnockServer.Builder builder = KnockServer.builder().capture(providers, CaptureSettings.of("in-memory"));

        assertEquals("capture already set to in-memory", assertThrows(IllegalStateException.class,
                () -> builder.capture(new InMemoryCapture())).getMessage());
    }

    @Test
    void aCaptureProviderIdMustNotBeBlank() {
        assertEquals("capture provider id must not be blank", assertThrows(IllegalArgumentException.class,
                () -> CaptureSettings.of(" ")).getMessage());
    }

    @Test
    void aServerWithADoorOnASharedStoreReReadsItsCursorsWithoutBeingTold() throws Exception {
        ServerDoorBuilderTest.SharedStore store = new ServerDoorBuilderTest.SharedStore(pad, Duration.ofMillis(50));
        ServerDoor door = ServerDoor.oneTime(new OneTimeDoor("ssh", profile), store).pads(pad)
                .service(22, launcher).build();
        try (KnockServer server = KnockServer.builder().capture(new InMemoryCapture()).door(door).build()) {
            server.start();
            PadState state = store.read(pad.id(), Side.SERVER);
            assertTrue(store.compareAndSet(state, state.advancedTo(5, Instant.now())));

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (door.verifier().orElseThrow().pads().get(0).cursor() != 5) {
                assertTrue(System.nanoTime() < deadline, "the server did not re-read its shared store within 10 s");
                Thread.sleep(20);
            }
        }
    }

    @Test
    void aDoorOnASharedStoreCannotReplaceTheDoorsOfAServerThatDoesNotReRead() throws IOException {
        ServerDoor shared = ServerDoor.oneTime(new OneTimeDoor("ssh", profile),
                new ServerDoorBuilderTest.SharedStore(pad, Duration.ofSeconds(1))).pads(pad)
                .service(22, launcher).build();
        try (KnockServer server = KnockServer.builder().capture(new InMemoryCapture()).door(door("ssh", profile))
                .build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> server.replaceDoors(List.of(shared)));

            assertEquals("door ssh's state store is shared with other hosts, but the server started without"
                    + " re-reading shared stores; that needs a restart", e.getMessage());
        }
    }
}
