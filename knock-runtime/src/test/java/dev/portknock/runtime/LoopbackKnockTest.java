package dev.portknock.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.core.Command;
import dev.portknock.core.FixedSequence;
import dev.portknock.core.KnockPort;
import dev.portknock.core.OneTimeDoor;
import dev.portknock.core.Profile;
import dev.portknock.core.Transport;
import dev.portknock.pad.DoorVerifier;
import dev.portknock.pad.FilePadStateStore;
import dev.portknock.pad.InMemoryPadStateStore;
import dev.portknock.pad.IssuedKnock;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadGenerator;
import dev.portknock.pad.PadState;
import dev.portknock.pad.PadStateStore;
import dev.portknock.pad.Side;
import dev.portknock.spi.CaptureSource;
import dev.portknock.spi.CaptureSpec;
import dev.portknock.spi.ProviderRegistry;
import dev.portknock.spi.RecordingLauncher;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real client knocks a real server over loopback: KnockClient sends UDP datagrams, the
 * udp-socket capture receives them on 127.0.0.1, and a recording launcher stands for the service.
 */
class LoopbackKnockTest {
    private static final InetAddress SERVER = address("127.0.0.1");
    /** Short, so that an attempt started by stray digits of a replay ends quickly. */
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    /** How many different depths the crowd's pads have been used to. */
    private static final int SPREAD = 64;
    /**
     * Room for a crowd: ten packets 50 ms apart take 450 ms of a 2 s timeout. The udp-socket
     * capture reads one socket per port, so a knock's packets must not wait on two sockets at
     * once (see UdpSocketCaptureProvider on order).
     */
    private static final Duration CROWD_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration CROWD_PACING = Duration.ofMillis(50);

    @TempDir
    Path directory;

    private final RecordingLauncher launcher = new RecordingLauncher(Clock.systemUTC());
    private final BlockingQueue<KnockEvent> events = new LinkedBlockingQueue<>();
    private KnockServer server;

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** k=10 keeps the door at 1,024 sockets; A=6 keeps it above 2^-32 per attempt. */
    private static Profile profile(int base) {
        return profile(base, TIMEOUT);
    }

    private static Profile profile(int base, Duration timeout) {
        return Profile.builder().base(base).digitBits(10).tagDigits(6).sequenceTimeout(timeout).build();
    }

    private Pad pad(String name, Profile profile, long knocks) throws IOException {
        Path file = directory.resolve(name + ".pad");
        PadGenerator.secureRandom().generate(file, profile.digitBits(), PadGenerator.digitsFor(profile, knocks),
                PadGenerator.Progress.NONE);
        return Pad.open(file);
    }

    /** Starts a server on a free port range; returns its profile. */
    private Profile startServer(List<Pad> pads, int workerThreads) throws IOException {
        return startServer(pads, workerThreads, TIMEOUT);
    }

    private Profile startServer(List<Pad> pads, int workerThreads, Duration timeout) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            Profile profile = profile(ThreadLocalRandom.current().nextInt(20000, 60000 - 1024), timeout);
            CaptureSource capture = ProviderRegistry.discoverCaptureProviders().get("udp-socket").open(
                    new CaptureSpec(new OneTimeDoor("ssh", profile).portRanges(), Optional.empty(),
                            Optional.of(SERVER), Optional.empty(), Clock.systemUTC(), Map.of()));
            DoorVerifier verifier = DoorVerifier.builder(profile, new FilePadStateStore(directory.resolve("server")))
                    .pads(pads).build();
            server = KnockServer.builder().capture(capture).listener(events::add).workerThreads(workerThreads)
                    .door(ServerDoor.oneTime(new OneTimeDoor("ssh", profile), verifier).service(22, launcher).build())
                    .build();
            try {
                server.start();
                return profile;
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private KnockClient client(Profile profile, Pad pad, InetAddress from) {
        return KnockClient.builder(profile, pad, new InMemoryPadStateStore()).bindAddress(from).build();
    }

    private static PadStateStore usedTo(PadStateStore store, Pad pad, Side side, long cursor) throws IOException {
        PadState fresh = PadState.fresh(pad.id(), side);
        assertTrue(store.compareAndSet(fresh, fresh.advancedTo(cursor, Instant.now())));
        return store;
    }

    private <T extends KnockEvent> T next(Class<T> type) throws InterruptedException {
        while (true) {
            KnockEvent event = events.poll(15, TimeUnit.SECONDS);
            if (event == null) {
                throw new AssertionError("no " + type.getSimpleName() + " event within 15 s");
            }
            if (type.isInstance(event)) {
                return type.cast(event);
            }
        }
    }

    private KnockEvent nextOutcome() throws InterruptedException {
        while (true) {
            KnockEvent event = events.poll(15, TimeUnit.SECONDS);
            if (event == null) {
                throw new AssertionError("no outcome within 15 s");
            }
            if (event instanceof KnockEvent.Accepted || event instanceof KnockEvent.Rejected) {
                return event;
            }
        }
    }

    @Test
    void theServiceStartsAfterTheDelayAndStopsAfterTheDuration() throws Exception {
        Pad pad = pad("door", profile(40000), 10);
        Profile profile = startServer(List.of(pad), 2);
        Instant sent = Instant.now();
        client(profile, pad, SERVER).send(SERVER, Command.serviceDurationDelay(profile.radix(), 22, 2, 1));
        next(KnockEvent.Opened.class);
        next(KnockEvent.Closed.class);
        List<RecordingLauncher.Event> recorded = launcher.events();
        Duration delay = Duration.between(sent, recorded.get(0).time());
        Duration open = Duration.between(recorded.get(0).time(), recorded.get(1).time());
        assertTrue(delay.compareTo(Duration.ofMillis(900)) >= 0, "started after " + delay);
        assertTrue(open.compareTo(Duration.ofMillis(1900)) >= 0, "open for " + open);
        assertEquals(SERVER, recorded.get(0).request().source());
    }

    @Test
    void theSamePacketsSentAgainAreRejected() throws Exception {
        Pad pad = pad("door", profile(40000), 10);
        Profile profile = startServer(List.of(pad), 2);
        KnockClient client = client(profile, pad, SERVER);
        IssuedKnock knock = client.send(SERVER, Command.serviceDurationDelay(profile.radix(), 22, 1, 0));
        assertInstanceOf(KnockEvent.Accepted.class, nextOutcome());
        List<KnockPort> replay = new ArrayList<>();
        for (int port : knock.ports()) {
            replay.add(new KnockPort(port, Transport.UDP));
        }
        KnockClient.sendFixed(SERVER, new FixedSequence(replay), KnockClient.DEFAULT_PACING, Optional.of(SERVER));
        Thread.sleep(TIMEOUT.toMillis() * 2);
        client.send(SERVER, Command.serviceDurationDelay(profile.radix(), 22, 1, 0));
        KnockEvent.Accepted next = assertInstanceOf(KnockEvent.Accepted.class, nextOutcome());
        assertEquals(1, next.knockIndex(), "the replay opened nothing; the fresh knock is the next one");
        long starts = launcher.events().stream().filter(e -> e.action() == RecordingLauncher.Action.START).count();
        assertTrue(starts <= 2);
    }

    @Test
    void aBoundKnockSentFromAnotherAddressIsRejected() throws Exception {
        Pad pad = pad("door", profile(40000), 10);
        Profile profile = startServer(List.of(pad), 2);
        KnockClient client = KnockClient.builder(profile, pad, new InMemoryPadStateStore())
                .bindAddress(address("127.0.0.2")).seenAs(SERVER).build();
        client.send(SERVER, Command.serviceDurationDelay(profile.radix(), 22, 1, 0));
        KnockEvent.Rejected rejected = assertInstanceOf(KnockEvent.Rejected.class, nextOutcome());
        assertEquals(KnockEvent.RejectReason.BAD_TAGS, rejected.reason());
        assertEquals(address("127.0.0.2"), rejected.source());
    }

    @Test
    void aThousandClientsWithTheirOwnPadsKnockingConcurrentlyAllGetInExactlyOnce() throws Exception {
        int clients = 1000;
        Profile template = profile(40000);
        List<Pad> pads = new ArrayList<>();
        List<PadStateStore> clientStores = new ArrayList<>();
        FilePadStateStore serverStore = new FilePadStateStore(directory.resolve("server"));
        for (int i = 0; i < clients; i++) {
            Pad pad = pad("client-" + i, template, SPREAD + 1);
            pads.add(pad);
            // Pads in service have been used to different depths, so their hints differ; all
            // fresh, every knock would be a candidate for all thousand pads.
            clientStores.add(usedTo(new InMemoryPadStateStore(), pad, Side.CLIENT, i % SPREAD));
            usedTo(serverStore, pad, Side.SERVER, i % SPREAD);
        }
        Profile profile = startServer(pads, 4, CROWD_TIMEOUT);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < clients; i++) {
            InetAddress from = address("127.0." + (1 + i / 250) + "." + (1 + i % 250));
            KnockClient client = KnockClient.builder(profile, pads.get(i), clientStores.get(i)).bindAddress(from)
                    .pacing(CROWD_PACING).build();
            long start = ThreadLocalRandom.current().nextLong(2000);
            threads.add(new Thread(() -> {
                try {
                    // The thousand knocks overlap within two seconds: concurrent, not one burst.
                    Thread.sleep(start);
                    client.send(SERVER, Command.serviceDurationDelay(profile.radix(), 22, 30, 0));
                } catch (IOException | RuntimeException e) {
                    failures.add(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failures.add(e);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(List.of(), failures);
        java.util.Set<InetAddress> opened = new java.util.HashSet<>();
        java.util.Set<dev.portknock.pad.PadId> accepted = new java.util.HashSet<>();
        while (opened.size() < clients) {
            KnockEvent event = events.poll(30, TimeUnit.SECONDS);
            if (event == null) {
                throw new AssertionError("only " + opened.size() + " of " + clients + " clients got in");
            }
            if (event instanceof KnockEvent.Accepted a) {
                assertTrue(accepted.add(a.padId().orElseThrow()), "pad accepted twice: " + a.padId());
            } else if (event instanceof KnockEvent.Opened o) {
                assertTrue(opened.add(o.source()), "opened twice for " + o.source());
            } else if (event instanceof KnockEvent.Rejected r) {
                throw new AssertionError("rejected: " + r);
            }
        }
        assertEquals(clients, accepted.size());
        assertEquals(clients, launcher.open().size());
    }

    @Test
    void closingTheServerStopsEverythingItOpened() throws Exception {
        Pad pad = pad("door", profile(40000), 10);
        Profile profile = startServer(List.of(pad), 2);
        client(profile, pad, SERVER).send(SERVER, Command.serviceDurationDelay(profile.radix(), 22, 60, 0));
        next(KnockEvent.Opened.class);
        assertEquals(1, launcher.open().size());
        server.close();
        assertEquals(List.of(), launcher.open());
    }
}
