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
import dev.portknock.testkit.RecordingLauncher;
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
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real client knocks a real server over loopback: KnockClient sends UDP datagrams, the
 * udp-socket capture receives them on 127.0.0.1, and a recording launcher stands for the service.
 */
class LoopbackKnockTest {
    private static final InetAddress SERVER = address("127.0.0.1");
    /**
     * Short, so that an attempt started by stray digits of a replay ends soon, yet long enough
     * for a knock of ten packets on a busy machine.
     */
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    /** How many knocks of the crowd may need a second try (see the crowd test). */
    private static final int RETRY_ALLOWANCE = 50;
    /**
     * How many different depths the crowd's pads have been used to. With a window of 8, about
     * 1000 * 8 / 128 = 62 pads are candidates for each hint instead of all thousand.
     */
    private static final int SPREAD = 128;
    private static final int CROWD_WINDOW = 8;
    /**
     * Ten packets 50 ms apart take 450 ms of the 3 s timeout. The udp-socket capture reads one
     * socket per port, so a knock's packets must not wait on two sockets at once (see
     * UdpSocketCaptureProvider on order): generous pacing keeps these tests calm on a busy machine.
     */
    private static final Duration CROWD_PACING = Duration.ofMillis(50);
    /** The crowd itself loads the machine (a thousand senders, the verifiers): more room still. */
    private static final Duration CROWD_CLIENT_PACING = Duration.ofMillis(100);

    @TempDir
    Path directory;

    private final RecordingLauncher launcher = new RecordingLauncher(Clock.systemUTC());
    private final RecordedEvents events = new RecordedEvents(Duration.ofSeconds(15));
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
        return profile(base, timeout, 64);
    }

    private static Profile profile(int base, Duration timeout, int window) {
        return Profile.builder().base(base).digitBits(10).tagDigits(6).sequenceTimeout(timeout).window(window).build();
    }

    private Pad pad(String name, Profile profile, long knocks) throws IOException {
        Path file = directory.resolve(name + ".pad");
        PadGenerator.secureRandom().generate(file, profile.digitBits(), PadGenerator.digitsFor(profile, knocks),
                PadGenerator.Progress.NONE);
        return Pad.open(file);
    }

    /** Starts a server on a free port range; returns its profile. */
    private Profile startServer(List<Pad> pads, int workerThreads) throws IOException {
        return startServer(pads, workerThreads, 64, 8);
    }

    private Profile startServer(List<Pad> pads, int workerThreads, int window, int failureLimit) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            Profile profile = profile(ThreadLocalRandom.current().nextInt(20000, 60000 - 1024), TIMEOUT, window);
            CaptureSource capture = ProviderRegistry.discoverCaptureProviders().get("udp-socket").open(
                    new CaptureSpec(new OneTimeDoor("ssh", profile).portRanges(), Optional.empty(),
                            Optional.of(SERVER), Optional.empty(), Clock.systemUTC(), Map.of()));
            server = KnockServer.builder().capture(capture).listener(events).workerThreads(workerThreads)
                    .door(ServerDoor.oneTime(new OneTimeDoor("ssh", profile), serverState(pads)).pads(pads)
                            .failureLimit(failureLimit).service(22, launcher).build())
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

    /** The server's state directory, with a fresh state for each pad that has none yet (new pads). */
    private FilePadStateStore serverState(List<Pad> pads) throws IOException {
        FilePadStateStore store = new FilePadStateStore(directory.resolve("server"));
        for (Pad pad : pads) {
            if (store.stored(pad.id(), Side.SERVER).isEmpty()) {
                store.create(PadState.fresh(pad.id(), Side.SERVER));
            }
        }
        return store;
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private KnockClient client(Profile profile, Pad pad, InetAddress from) {
        return KnockClient.builder(profile, pad, new InMemoryPadStateStore()).bindAddress(from)
                .pacing(CROWD_PACING).build();
    }

    private static PadStateStore usedTo(PadStateStore store, Pad pad, Side side, long cursor) throws IOException {
        PadState fresh = PadState.fresh(pad.id(), side);
        assertTrue(store.compareAndSet(fresh, fresh.advancedTo(cursor, Instant.now())));
        return store;
    }

    @Test
    void theServiceStartsAfterTheDelayAndStopsAfterTheDuration() throws Exception {
        Pad pad = pad("door", profile(40000), 10);
        Profile profile = startServer(List.of(pad), 2);
        Instant sent = Instant.now();
        client(profile, pad, SERVER).send(SERVER, Command.serviceDurationDelay(profile.radix(), 22, 2, 1));
        events.next(KnockEvent.Opened.class);
        events.next(KnockEvent.Closed.class);
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
        assertInstanceOf(KnockEvent.Accepted.class, events.nextOutcome());
        List<KnockPort> replay = new ArrayList<>();
        for (int port : knock.ports()) {
            replay.add(new KnockPort(port, Transport.UDP));
        }
        KnockClient.sendFixed(SERVER, new FixedSequence(replay), CROWD_PACING, Optional.of(SERVER));
        assertEquals(KnockEvent.RejectReason.BEHIND_CURSOR,
                assertInstanceOf(KnockEvent.Rejected.class, events.nextOutcome()).reason());
        client.send(SERVER, Command.serviceDurationDelay(profile.radix(), 22, 1, 0));
        KnockEvent.Accepted next = assertInstanceOf(KnockEvent.Accepted.class, events.nextOutcome());
        assertEquals(1, next.knockIndex(), "the replay opened nothing; the fresh knock is the next one");
        long starts = launcher.events().stream().filter(e -> e.action() == RecordingLauncher.Action.START).count();
        assertTrue(starts <= 2);
    }

    @Test
    void aBoundKnockSentFromAnotherAddressIsRejected() throws Exception {
        Pad pad = pad("door", profile(40000), 10);
        Profile profile = startServer(List.of(pad), 2);
        KnockClient client = KnockClient.builder(profile, pad, new InMemoryPadStateStore())
                .bindAddress(address("127.0.0.2")).seenAs(SERVER).pacing(CROWD_PACING).build();
        client.send(SERVER, Command.serviceDurationDelay(profile.radix(), 22, 1, 0));
        KnockEvent.Rejected rejected = assertInstanceOf(KnockEvent.Rejected.class, events.nextOutcome());
        assertEquals(KnockEvent.RejectReason.BAD_TAGS, rejected.reason());
        assertEquals(address("127.0.0.2"), rejected.source());
    }

    @Test
    void aThousandClientsWithTheirOwnPadsKnockingConcurrentlyAllGetInExactlyOnce() throws Exception {
        int clients = 1000;
        Profile template = profile(40000, TIMEOUT, CROWD_WINDOW);
        List<Pad> pads = new ArrayList<>();
        List<PadStateStore> clientStores = new ArrayList<>();
        FilePadStateStore serverStore = new FilePadStateStore(directory.resolve("server"));
        for (int i = 0; i < clients; i++) {
            Pad pad = pad("client-" + i, template, SPREAD + 3);
            pads.add(pad);
            // Pads in service have been used to different depths, so their hints differ; all
            // fresh, every knock would be a candidate for all thousand pads.
            clientStores.add(usedTo(new InMemoryPadStateStore(), pad, Side.CLIENT, i % SPREAD));
            usedTo(serverStore, pad, Side.SERVER, i % SPREAD);
        }
        // A knock that fails counts against every candidate pad (PROTOCOL.md §5), and the few
        // shuffled knocks would throttle the whole crowd at the default 8 per second.
        Profile profile = startServer(pads, 4, CROWD_WINDOW, 1_000_000);
        List<KnockClient> crowd = new ArrayList<>();
        List<InetAddress> sources = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            InetAddress from = address("127.0." + (1 + i / 250) + "." + (1 + i % 250));
            sources.add(from);
            crowd.add(KnockClient.builder(profile, pads.get(i), clientStores.get(i)).bindAddress(from)
                    .pacing(CROWD_CLIENT_PACING).build());
        }
        java.util.Set<InetAddress> opened = new java.util.HashSet<>();
        java.util.Set<String> acceptedBlocks = new java.util.HashSet<>();
        List<Integer> waiting = new ArrayList<>(java.util.stream.IntStream.range(0, clients).boxed().toList());
        int retries = 0;
        // The udp-socket capture cannot order datagrams that wait on two sockets at once (see
        // UdpSocketCaptureProvider); on a starved machine a few knocks arrive shuffled and fail,
        // and their clients knock again with their next block, as a person would. Every client
        // must get in exactly once, no block may be accepted twice, and retries must stay rare.
        for (int round = 0; round < 3 && !waiting.isEmpty(); round++) {
            if (round > 0) {
                retries += waiting.size();
            }
            sendConcurrently(crowd, waiting, profile);
            drainUntilOpened(opened, acceptedBlocks, sources, waiting, Duration.ofSeconds(round == 0 ? 30 : 10));
            waiting.removeIf(i -> opened.contains(sources.get(i)));
        }
        System.out.println("crowd: " + clients + " clients, " + retries + " second tries");
        assertEquals(List.of(), waiting, "clients that never got in");
        assertTrue(retries <= RETRY_ALLOWANCE, retries + " clients needed a second try");
        assertEquals(clients, launcher.open().size());
    }

    /** Each listed client sends one knock, all within about two seconds of each other. */
    private static void sendConcurrently(List<KnockClient> crowd, List<Integer> which, Profile profile)
            throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i : which) {
            KnockClient client = crowd.get(i);
            long start = ThreadLocalRandom.current().nextLong(2000);
            threads.add(new Thread(() -> {
                try {
                    Thread.sleep(start);
                    client.send(SERVER, Command.serviceDurationDelay(profile.radix(), 22, 60, 0));
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
    }

    /** Collects events until every waiting client is open or the time is up; fails on any double. */
    private void drainUntilOpened(java.util.Set<InetAddress> opened, java.util.Set<String> acceptedBlocks,
                                  List<InetAddress> sources, List<Integer> waiting, Duration patience)
            throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!waiting.stream().allMatch(i -> opened.contains(sources.get(i)))) {
            long left = deadline - System.nanoTime();
            KnockEvent event = left > 0 ? events.poll(Duration.ofNanos(left)) : null;
            if (event == null) {
                return;
            }
            if (event instanceof KnockEvent.Accepted a) {
                assertTrue(acceptedBlocks.add(a.padId().orElseThrow() + "/" + a.knockIndex()),
                        "block accepted twice: " + a);
            } else if (event instanceof KnockEvent.Opened o) {
                assertTrue(opened.add(o.source()), "opened twice for " + o.source());
            }
        }
    }

    @Test
    void closingTheServerStopsEverythingItOpened() throws Exception {
        Pad pad = pad("door", profile(40000), 10);
        Profile profile = startServer(List.of(pad), 2);
        client(profile, pad, SERVER).send(SERVER, Command.serviceDurationDelay(profile.radix(), 22, 60, 0));
        events.next(KnockEvent.Opened.class);
        assertEquals(1, launcher.open().size());
        server.close();
        assertEquals(List.of(), launcher.open());
    }
}
