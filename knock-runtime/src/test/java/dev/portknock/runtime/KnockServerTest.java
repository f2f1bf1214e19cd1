package dev.portknock.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.core.CapturedPacket;
import dev.portknock.core.FixedDoor;
import dev.portknock.core.FixedSequence;
import dev.portknock.core.OneTimeDoor;
import dev.portknock.core.PacketEvent;
import dev.portknock.core.Profile;
import dev.portknock.core.TcpFlagFilter;
import dev.portknock.pad.InMemoryPadStateStore;
import dev.portknock.pad.IssuedKnock;
import dev.portknock.pad.KnockIssuer;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadGenerator;
import dev.portknock.pad.PadId;
import dev.portknock.pad.PadState;
import dev.portknock.pad.PadStateStore;
import dev.portknock.pad.Side;
import dev.portknock.spi.Launch;
import dev.portknock.spi.LaunchRequest;
import dev.portknock.spi.Launcher;
import dev.portknock.testkit.InMemoryCapture;
import dev.portknock.testkit.RecordingLauncher;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** KnockServer's pipeline, driven by injected packets and observed through a recording launcher. */
class KnockServerTest {
    private static final InetAddress CLIENT = address("192.0.2.10");
    private static final InetAddress OTHER = address("192.0.2.11");
    private static final InetAddress SERVER = address("192.0.2.1");
    private static final FixedDoor WEB = new FixedDoor("web", FixedSequence.parse("7000:udp,8000:udp,9000:udp"),
            Duration.ofSeconds(5), TcpFlagFilter.SYN_ONLY);

    @TempDir
    Path directory;

    /** A short sequence timeout lets a test end an attempt started by stray digits quickly. */
    private static final Duration TIMEOUT = Duration.ofMillis(300);

    private final Profile profile = Profile.builder().base(40000).sequenceTimeout(TIMEOUT).build();
    private final InMemoryCapture capture = new InMemoryCapture();
    private final RecordingLauncher launcher = new RecordingLauncher(Clock.systemUTC());
    private final RecordedEvents events = new RecordedEvents(Duration.ofSeconds(10));
    private final PadStateStore serverStore = new InMemoryPadStateStore();
    private Pad pad;
    private KnockIssuer client;
    private KnockServer server;

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void startServer() throws IOException {
        Path file = directory.resolve("door.pad");
        PadGenerator.secureRandom().generate(file, profile.digitBits(), PadGenerator.digitsFor(profile, 100), PadGenerator.Progress.NONE);
        pad = Pad.open(file);
        serverStore.create(PadState.fresh(pad.id(), Side.SERVER));
        client = new KnockIssuer(profile, pad, new InMemoryPadStateStore(), Clock.systemUTC());
        server = serverWith(serverStore);
        server.start();
    }

    private KnockServer serverWith(PadStateStore store) throws IOException {
        ServerDoor door = ServerDoor.oneTime(new OneTimeDoor("ssh", profile), store).pads(pad)
                .service(22, launcher)
                .defaultDuration(Duration.ofSeconds(5))
                .maxDuration(Duration.ofSeconds(30))
                .build();
        return KnockServer.builder().capture(capture).door(door).listener(events).build();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private IssuedKnock knock(int service, int duration, int delay, InetAddress boundTo) throws IOException {
        return client.issue(new int[] {service, duration, delay}, Optional.of(boundTo));
    }

    private void inject(IssuedKnock knock, InetAddress from) {
        for (int port : knock.ports()) {
            capture.inject(PacketEvent.udp(Instant.now(), from, SERVER, port));
        }
    }

    /**
     * Replaces the server with one whose door starts a candidate on every digit (32 digits, a
     * window of 32 knocks), on {@code capture}: what a knock's own later digits open is then
     * certain, not a matter of the pad's luck. Returns a client of that door.
     */
    private KnockIssuer serverWhoseEveryDigitOpens(InMemoryCapture capture) throws IOException {
        server.close();
        // weak against chosen forgeries, which these tests do not make
        Profile everyDigit = Profile.builder().base(40000).digitBits(5).tagDigits(7).window(32)
                .sequenceTimeout(TIMEOUT).acceptWeakness().build();
        Path file = directory.resolve("small.pad");
        PadGenerator.secureRandom().generate(file, 5, PadGenerator.digitsFor(everyDigit, 100), PadGenerator.Progress.NONE);
        Pad small = Pad.open(file);
        PadStateStore store = new InMemoryPadStateStore();
        store.create(PadState.fresh(small.id(), Side.SERVER));
        server = KnockServer.builder().capture(capture).listener(events)
                .door(ServerDoor.oneTime(new OneTimeDoor("ssh", everyDigit), store).pads(small).service(22, launcher)
                        .defaultDuration(Duration.ofSeconds(5)).maxDuration(Duration.ofSeconds(30)).build())
                .build();
        server.start();
        return new KnockIssuer(everyDigit, small, new InMemoryPadStateStore(), Clock.systemUTC());
    }

    private static void inject(InMemoryCapture capture, IssuedKnock knock) {
        for (int port : knock.ports()) {
            capture.inject(PacketEvent.udp(Instant.now(), CLIENT, SERVER, port));
        }
    }

    @Test
    void aStrayDigitBeforeAKnockDoesNotSwallowIt() throws Exception {
        InMemoryCapture strayed = new InMemoryCapture();
        KnockIssuer issuer = serverWhoseEveryDigitOpens(strayed);
        IssuedKnock knock = issuer.issue(new int[] {22, 1, 0}, Optional.of(CLIENT));
        strayed.inject(PacketEvent.udp(Instant.now(), CLIENT, SERVER, 40000 + 17));
        inject(strayed, knock);
        assertEquals(0, events.next(KnockEvent.Accepted.class).knockIndex());
    }

    @Test
    void theCandidatesAnAcceptedKnocksOwnDigitsOpenedDoNotTakeTheNextKnock() throws Exception {
        InMemoryCapture twice = new InMemoryCapture();
        KnockIssuer issuer = serverWhoseEveryDigitOpens(twice);
        inject(twice, issuer.issue(new int[] {22, 1, 0}, Optional.of(CLIENT)));
        assertEquals(0, assertInstanceOf(KnockEvent.Accepted.class, events.nextOutcome()).knockIndex());
        inject(twice, issuer.issue(new int[] {22, 1, 0}, Optional.of(CLIENT)));
        assertEquals(1, assertInstanceOf(KnockEvent.Accepted.class, events.nextOutcome()).knockIndex());
    }

    @Test
    void aValidKnockOpensTheServiceItAsksForAndClosesItAfterItsDuration() throws Exception {
        inject(knock(22, 1, 0, CLIENT), CLIENT);
        KnockEvent.Accepted accepted = events.next(KnockEvent.Accepted.class);
        assertEquals(Optional.of(pad.id()), accepted.padId());
        assertEquals(0, accepted.knockIndex());
        KnockEvent.Opened opened = events.next(KnockEvent.Opened.class);
        assertEquals(22, opened.service());
        assertEquals(CLIENT, opened.source());
        events.next(KnockEvent.Closed.class);
        List<RecordingLauncher.Event> recorded = launcher.events();
        assertEquals(RecordingLauncher.Action.START, recorded.get(0).action());
        assertEquals(RecordingLauncher.Action.STOP, recorded.get(1).action());
        Duration open = Duration.between(recorded.get(0).time(), recorded.get(1).time());
        assertTrue(open.compareTo(Duration.ofMillis(900)) >= 0, "open for " + open);
    }

    @Test
    void aKnockDeliveredAsOneReusedViewFilledFromBytesOpensTheService() throws Exception {
        CapturedPacket view = new CapturedPacket();
        byte[] source = CLIENT.getAddress();
        for (int port : knock(22, 1, 0, CLIENT).ports()) {
            Instant now = Instant.now();
            capture.inject(view.time(now.getEpochSecond(), now.getNano()).source(source, 0, source.length)
                    .destination(SERVER).udp(port));
        }
        assertEquals(0, events.next(KnockEvent.Accepted.class).knockIndex());
        assertEquals(CLIENT, events.next(KnockEvent.Opened.class).source());
    }

    @Test
    void theServiceStartsAfterTheKnocksDelay() throws Exception {
        Instant sent = Instant.now();
        inject(knock(22, 1, 1, CLIENT), CLIENT);
        events.next(KnockEvent.Opened.class);
        Duration waited = Duration.between(sent, launcher.events().get(0).time());
        assertTrue(waited.compareTo(Duration.ofMillis(900)) >= 0, "started after " + waited);
    }

    @Test
    void theCursorIsDurableBeforeTheServiceOpens() throws Exception {
        inject(knock(22, 1, 0, CLIENT), CLIENT);
        events.next(KnockEvent.Accepted.class);
        assertEquals(1, serverStore.read(pad.id(), Side.SERVER).cursor());
    }

    @Test
    void theSamePacketsSentAgainAreRejected() throws Exception {
        IssuedKnock knock = knock(22, 1, 0, CLIENT);
        inject(knock, CLIENT);
        events.next(KnockEvent.Accepted.class);
        inject(knock, CLIENT);
        assertEquals(KnockEvent.RejectReason.BEHIND_CURSOR,
                assertInstanceOf(KnockEvent.Rejected.class, events.nextOutcome()).reason());
        inject(knock(22, 1, 0, CLIENT), CLIENT);
        KnockEvent outcome = events.nextOutcome();
        assertEquals(1, assertInstanceOf(KnockEvent.Accepted.class, outcome).knockIndex());
    }

    @Test
    void aLateKnockBehindTheCursorOpensNothing() throws Exception {
        IssuedKnock first = knock(22, 1, 0, CLIENT);
        IssuedKnock second = knock(22, 1, 0, CLIENT);
        inject(second, CLIENT);
        events.next(KnockEvent.Accepted.class);
        // Knock 0 was lost; it is behind the cursor now, so a replay of knock 1 and the late
        // knock 0 both open nothing, and both are recognised as lying behind the cursor.
        inject(second, CLIENT);
        assertEquals(KnockEvent.RejectReason.BEHIND_CURSOR,
                assertInstanceOf(KnockEvent.Rejected.class, events.nextOutcome()).reason());
        inject(first, CLIENT);
        assertEquals(KnockEvent.RejectReason.BEHIND_CURSOR,
                assertInstanceOf(KnockEvent.Rejected.class, events.nextOutcome()).reason());
        inject(knock(22, 1, 0, CLIENT), CLIENT);
        assertEquals(2, assertInstanceOf(KnockEvent.Accepted.class, events.nextOutcome()).knockIndex());
    }

    @Test
    void aBoundKnockFromAnotherAddressIsRejectedAndConsumesNothing() throws Exception {
        inject(knock(22, 1, 0, CLIENT), OTHER);
        assertEquals(KnockEvent.RejectReason.BAD_TAGS, events.next(KnockEvent.Rejected.class).reason());
        assertEquals(0, serverStore.read(pad.id(), Side.SERVER).cursor());
    }

    @Test
    void closingSavesTheFailuresItsDoorsCountedInMemory() throws Exception {
        IssuedKnock knock = knock(22, 1, 0, CLIENT);
        // three sources: a source's own later digits may open candidates that its next knock would complete as garbage
        for (InetAddress other : List.of(OTHER, address("192.0.2.12"), address("192.0.2.13"))) {
            inject(knock, other);
            events.next(KnockEvent.Rejected.class);
        }
        server.close();
        assertEquals(3, serverStore.read(pad.id(), Side.SERVER).failures());
    }

    @Test
    void aKnockForAServiceTheDoorDoesNotOfferIsRefusedBeforeItsTagsAndOpensNothing() throws Exception {
        inject(knock(80, 1, 0, CLIENT), CLIENT);
        assertEquals(KnockEvent.RejectReason.COMMAND_NOT_ALLOWED, events.next(KnockEvent.Rejected.class).reason());
        assertTrue(launcher.events().isEmpty());
        assertEquals(PadState.fresh(pad.id(), Side.SERVER), serverStore.read(pad.id(), Side.SERVER));
    }

    @Test
    void aRepeatedValidKnockExtendsTheOpeningInsteadOfStartingTwice() throws Exception {
        inject(knock(22, 2, 0, CLIENT), CLIENT);
        events.next(KnockEvent.Opened.class);
        inject(knock(22, 3, 0, CLIENT), CLIENT);
        events.next(KnockEvent.Extended.class);
        events.next(KnockEvent.Closed.class);
        long starts = launcher.events().stream().filter(e -> e.action() == RecordingLauncher.Action.START).count();
        assertEquals(1, starts);
    }

    @Test
    void durationsAreClampedToTheDoorsMaximum() throws Exception {
        inject(knock(22, 4000, 0, CLIENT), CLIENT);
        KnockEvent.Opened opened = events.next(KnockEvent.Opened.class);
        Duration granted = Duration.between(Instant.now(), opened.until());
        assertTrue(granted.compareTo(Duration.ofSeconds(31)) <= 0, "granted " + granted);
    }

    @Test
    void closeStopsEverythingTheServerOpened() throws Exception {
        inject(knock(22, 30, 0, CLIENT), CLIENT);
        events.next(KnockEvent.Opened.class);
        server.close();
        assertEquals(List.of(), launcher.open());
        assertEquals(0, server.openServices());
    }

    @Test
    void aFailingStateStoreRefusesTheKnock() throws Exception {
        server.close();
        PadStateStore broken = new PadStateStore() {
            @Override
            public Optional<PadState> stored(PadId padId, Side side) {
                return Optional.of(PadState.fresh(padId, side));
            }

            @Override
            public void create(PadState initial) throws IOException {
                throw new IOException("disk gone");
            }

            @Override
            public boolean compareAndSet(PadState expected, PadState updated) throws IOException {
                throw new IOException("disk gone");
            }

            @Override
            public PadState recordFailures(PadId padId, Side side, long count, Instant at) throws IOException {
                throw new IOException("disk gone");
            }
        };
        InMemoryCapture second = new InMemoryCapture();
        server = KnockServer.builder().capture(second).listener(events)
                .door(ServerDoor.oneTime(new OneTimeDoor("ssh", profile), broken).pads(pad).service(22, launcher).build())
                .build();
        server.start();
        inject(second, knock(22, 1, 0, CLIENT));
        assertEquals(KnockEvent.RejectReason.STATE_UNAVAILABLE, events.next(KnockEvent.Rejected.class).reason());
        assertTrue(launcher.events().isEmpty());
    }

    @Test
    void aFixedDoorOpensOnItsSequence() throws Exception {
        server.close();
        InMemoryCapture second = new InMemoryCapture();
        server = KnockServer.builder().capture(second).listener(events)
                .door(ServerDoor.fixed(WEB, launcher, Duration.ofSeconds(1))).build();
        server.start();
        knockFixed(second, 7000, 8000, 9000);
        assertEquals(Optional.empty(), events.next(KnockEvent.Accepted.class).padId());
        assertEquals(0, events.next(KnockEvent.Opened.class).service());
    }

    @Test
    void knocksThatFindTheVerificationQueueFullAreDroppedCountedAndReportedPerDoor() throws Exception {
        server.close();
        InMemoryCapture second = new InMemoryCapture();
        CountDownLatch release = new CountDownLatch(1);
        KnockListener holdsTheWorker = event -> {
            if (event instanceof KnockEvent.Accepted) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        server = KnockServer.builder().capture(second).listener(holdsTheWorker).listener(events)
                .workerThreads(1).verificationQueue(1)
                .door(ServerDoor.fixed(WEB, launcher, Duration.ofSeconds(1))).build();
        server.start();
        // the one worker holds the first knock, the queue the second: the third finds no room
        for (InetAddress source : List.of(CLIENT, OTHER, address("192.0.2.12"))) {
            for (int port : new int[] {7000, 8000, 9000}) {
                second.inject(PacketEvent.udp(Instant.now(), source, SERVER, port));
            }
        }
        assertEquals(1, server.droppedKnocks());
        release.countDown();
        assertEquals(CLIENT, events.next(KnockEvent.Accepted.class).source());
        assertEquals(OTHER, events.next(KnockEvent.Accepted.class).source());
        String logged = StandardErrorLog.during(server::close);
        assertTrue(Pattern.compile("door web: 1 knocks dropped unverified in the last \\d+ s: the verification queue "
                + "was full \\(1 knocks\\)").matcher(logged).find(), logged);
    }

    @Test
    void theVerificationQueueHoldsAtLeastOneKnock() {
        assertEquals("verification queue must hold at least 1 knock: 0", assertThrows(IllegalArgumentException.class,
                () -> KnockServer.builder().verificationQueue(0)).getMessage());
    }

    @Test
    void warmUpKnocksOutsideTheirRangeAreRefused() {
        assertEquals("warm-up knocks must be in 0..10000: -1", assertThrows(IllegalArgumentException.class,
                () -> KnockServer.builder().warmUpKnocks(-1)).getMessage());
        assertEquals("warm-up knocks must be in 0..10000: 10001", assertThrows(IllegalArgumentException.class,
                () -> KnockServer.builder().warmUpKnocks(10_001)).getMessage());
    }

    /** A one-time door on the tests' store offering service 22 with {@code doorPad}. */
    private ServerDoor oneTimeDoor(String name, Profile doorProfile, Pad doorPad) throws IOException {
        return ServerDoor.oneTime(new OneTimeDoor(name, doorProfile), serverStore).pads(doorPad)
                .service(22, launcher).defaultDuration(Duration.ofSeconds(5)).build();
    }

    /** Replaces the server with one of the same door warming up on {@code knocks}; returns its capture, unstarted. */
    private InMemoryCapture replaceServerWithOneWarmingUp(int knocks) throws IOException {
        server.close();
        InMemoryCapture capture = new InMemoryCapture();
        server = KnockServer.builder().capture(capture).door(oneTimeDoor("ssh", profile, pad)).listener(events)
                .warmUpKnocks(knocks).build();
        return capture;
    }

    @Test
    void theWarmUpLeavesTheDoorsCursorAloneAndItsFirstKnockOpens() throws Exception {
        InMemoryCapture warmed = replaceServerWithOneWarmingUp(50);
        server.start();
        assertEquals(0, serverStore.read(pad.id(), Side.SERVER).cursor());

        inject(warmed, knock(22, 1, 0, CLIENT));

        assertEquals(0, events.next(KnockEvent.Accepted.class).knockIndex());
        assertEquals(CLIENT, events.next(KnockEvent.Opened.class).source());
    }

    @Test
    void doorsOfOneSchemeAndSourceBindingAreWarmedUpOnce() throws Exception {
        server.close();
        Profile elsewhere = profile.toBuilder().base(50000).build();
        Path file = directory.resolve("web.pad");
        PadGenerator.secureRandom().generate(file, elsewhere.digitBits(), PadGenerator.digitsFor(elsewhere, 10),
                PadGenerator.Progress.NONE);
        Pad webPad = Pad.open(file);
        serverStore.create(PadState.fresh(webPad.id(), Side.SERVER));
        server = KnockServer.builder().capture(new InMemoryCapture()).door(oneTimeDoor("ssh", profile, pad))
                .door(oneTimeDoor("web", elsewhere, webPad)).warmUpKnocks(20).build();
        String logged = StandardErrorLog.during(server::start);
        assertEquals(1, Pattern.compile("verification warmed up").matcher(logged).results().count(), logged);
        assertTrue(logged.contains("verification warmed up on 20 scratch knocks of door ssh's profile"), logged);
    }

    @Test
    void aWarmUpThatCannotWriteItsScratchDirectoryIsLeftOutWithAWarningAndTheDoorServes() throws Exception {
        InMemoryCapture warmed = replaceServerWithOneWarmingUp(50);
        String temporary = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", directory.resolve("missing").toString());
        String logged;
        try {
            logged = StandardErrorLog.during(server::start);
        } finally {
            System.setProperty("java.io.tmpdir", temporary);
        }
        assertTrue(logged.contains("verification warm-up left out, the first knocks run colder: "
                + "java.nio.file.NoSuchFileException"), logged);

        inject(warmed, knock(22, 1, 0, CLIENT));

        assertEquals(0, events.next(KnockEvent.Accepted.class).knockIndex());
    }

    @Test
    void aFixedDoorRunsItsStartOnEveryMatchingKnockAndEachStopAfterItsOwnTimeoutAsKnockdDoes() throws Exception {
        server.close();
        InMemoryCapture second = new InMemoryCapture();
        FixedDoor fixed = new FixedDoor("web", FixedSequence.parse("7000:udp,8000:udp"), Duration.ofSeconds(5),
                TcpFlagFilter.ANY);
        server = KnockServer.builder().capture(second).listener(events)
                .door(ServerDoor.fixed(fixed, launcher, Duration.ofSeconds(1))).build();
        server.start();
        for (int knock = 0; knock < 2; knock++) {
            knockFixed(second, 7000, 8000);
            events.next(KnockEvent.Opened.class);
        }
        events.next(KnockEvent.Closed.class);
        events.next(KnockEvent.Closed.class);
        List<RecordingLauncher.Action> actions = launcher.events().stream().map(RecordingLauncher.Event::action)
                .toList();
        assertEquals(List.of(RecordingLauncher.Action.START, RecordingLauncher.Action.START,
                RecordingLauncher.Action.STOP, RecordingLauncher.Action.STOP), actions);
    }

    /** A server with the one-time door ssh and the fixed door web, capturing into {@code second}. */
    private KnockServer sshAndWeb(InMemoryCapture second) throws IOException {
        server.close();
        ServerDoor ssh = ServerDoor.oneTime(new OneTimeDoor("ssh", profile), serverStore).pads(pad).service(22, launcher).build();
        server = KnockServer.builder().capture(second).listener(events).door(ssh)
                .door(ServerDoor.fixed(WEB, launcher, Duration.ofSeconds(30))).build();
        server.start();
        return server;
    }

    private static void knockFixed(InMemoryCapture capture, int... ports) {
        for (int port : ports) {
            capture.inject(PacketEvent.udp(Instant.now(), CLIENT, SERVER, port));
        }
    }

    @Test
    void replacingTheDoorsKeepsAKnockInProgressOnADoorThatStays() throws Exception {
        InMemoryCapture second = new InMemoryCapture();
        sshAndWeb(second);
        knockFixed(second, 7000, 8000);
        RecordingLauncher replacementLauncher = new RecordingLauncher(Clock.systemUTC());
        server.replaceDoors(List.of(ServerDoor.fixed(WEB, replacementLauncher, Duration.ofSeconds(30))));
        knockFixed(second, 9000);
        assertEquals("web", events.next(KnockEvent.Opened.class).door());
        assertEquals(1, replacementLauncher.open().size());
        assertEquals(List.of(), launcher.events());
    }

    @Test
    void aKnockWaitingForAWorkerDuringAReplacementOpensOnTheReplacementsEqualDoor() throws Exception {
        server.close();
        InMemoryCapture second = new InMemoryCapture();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        KnockListener holdsTheWorkerOnce = event -> {
            if (event instanceof KnockEvent.Accepted && held.getCount() > 0) {
                held.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        server = KnockServer.builder().capture(second).listener(holdsTheWorkerOnce).listener(events)
                .workerThreads(1).door(ServerDoor.fixed(WEB, launcher, Duration.ofSeconds(30))).build();
        server.start();
        // the one worker holds the first knock; the second, matched on WEB, waits in the queue
        for (InetAddress source : List.of(CLIENT, OTHER)) {
            for (int port : new int[] {7000, 8000, 9000}) {
                second.inject(PacketEvent.udp(Instant.now(), source, SERVER, port));
            }
        }
        assertTrue(held.await(10, TimeUnit.SECONDS));
        // what a reload of an unchanged configuration makes: an equal door, not the same object
        FixedDoor equalWeb = new FixedDoor(WEB.name(), WEB.sequence(), WEB.sequenceTimeout(), WEB.tcpFlags());
        RecordingLauncher replacementLauncher = new RecordingLauncher(Clock.systemUTC());
        server.replaceDoors(List.of(ServerDoor.fixed(equalWeb, replacementLauncher, Duration.ofSeconds(30))));
        release.countDown();
        assertEquals(CLIENT, events.next(KnockEvent.Accepted.class).source());
        assertEquals(OTHER, events.next(KnockEvent.Accepted.class).source());
        // the first knock's opening may come before or after the second knock's acceptance
        KnockEvent.Opened opened;
        do {
            opened = events.next(KnockEvent.Opened.class);
        } while (!opened.source().equals(OTHER));
        assertEquals(List.of(OTHER), replacementLauncher.open().stream().map(LaunchRequest::source).toList());
    }

    @Test
    void replacingTheDoorsKeepsServicesOpenUntilTheirTime() throws Exception {
        InMemoryCapture second = new InMemoryCapture();
        sshAndWeb(second);
        inject(second, knock(22, 2, 0, CLIENT));
        events.next(KnockEvent.Opened.class);
        server.replaceDoors(List.of(ServerDoor.fixed(WEB, launcher, Duration.ofSeconds(30))));
        assertEquals(1, server.openServices());
        assertEquals(1, launcher.open().size());
        KnockEvent.Closed closed = events.next(KnockEvent.Closed.class);
        assertEquals("ssh", closed.door());
        assertEquals(List.of(), launcher.open());
    }

    @Test
    void aDoorAddedByAReplacementOpensOnItsSequence() throws Exception {
        InMemoryCapture second = new InMemoryCapture();
        sshAndWeb(second);
        FixedDoor reversed = new FixedDoor("reversed", FixedSequence.parse("9000:udp,8000:udp,7000:udp"),
                Duration.ofSeconds(5), TcpFlagFilter.ANY);
        server.replaceDoors(List.of(ServerDoor.fixed(WEB, launcher, Duration.ofSeconds(30)),
                ServerDoor.fixed(reversed, launcher, Duration.ofSeconds(30))));
        knockFixed(second, 9000, 8000, 7000);
        assertEquals("reversed", events.next(KnockEvent.Opened.class).door());
    }

    @Test
    void aReplacementWhosePortsTheCaptureDoesNotDeliverIsRefusedAndTheDoorsStay() throws Exception {
        InMemoryCapture second = new InMemoryCapture();
        sshAndWeb(second);
        FixedDoor elsewhere = new FixedDoor("elsewhere", FixedSequence.parse("7000:udp,8000:udp,9001:udp"),
                Duration.ofSeconds(5), TcpFlagFilter.ANY);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> server.replaceDoors(List.of(ServerDoor.fixed(elsewhere, launcher, Duration.ofSeconds(30)))));
        assertEquals("door elsewhere uses udp port 9001, which the capture does not deliver (it delivers the ports of "
                + "the doors the server was built with)", e.getMessage());
        knockFixed(second, 7000, 8000, 9000);
        assertEquals("web", events.next(KnockEvent.Opened.class).door());
    }

    @Test
    void aReplacementNamingADoorTwiceIsRefused() throws Exception {
        ServerDoor web = ServerDoor.fixed(WEB, launcher, Duration.ofSeconds(30));
        sshAndWeb(new InMemoryCapture());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> server.replaceDoors(List.of(web, web)));
        assertEquals("door web is named twice", e.getMessage());
    }

    @Test
    void replacingTheDoorsOfAClosedServerIsMisuse() throws Exception {
        sshAndWeb(new InMemoryCapture());
        server.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> server.replaceDoors(List.of(ServerDoor.fixed(WEB, launcher, Duration.ofSeconds(30)))));
        assertEquals("the server is closed", e.getMessage());
    }

    /** A launcher whose launches, and those it recovers, record their stops. */
    private static final class StopRecordingLauncher implements Launcher {
        final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final java.util.function.Consumer<LaunchRequest> onStart;

        StopRecordingLauncher(java.util.function.Consumer<LaunchRequest> onStart) {
            this.onStart = onStart;
        }

        @Override
        public Launch start(LaunchRequest request) {
            onStart.accept(request);
            calls.add("start " + request.source().getHostAddress());
            return () -> calls.add("stop " + request.source().getHostAddress());
        }

        @Override
        public Optional<Launch> recover(LaunchRequest request) {
            return Optional.of(() -> calls.add("stop " + request.source().getHostAddress()));
        }
    }

    private KnockServer webWithJournal(InMemoryCapture second, Launcher web, HoleJournal journal) throws IOException {
        server.close();
        server = KnockServer.builder().capture(second).listener(events).holeJournal(journal)
                .door(ServerDoor.fixed(WEB, web, Duration.ofSeconds(1))).build();
        server.start();
        return server;
    }

    @Test
    void anOpeningIsJournaledBeforeItsLauncherStartsIt() throws Exception {
        Path file = directory.resolve("holes");
        List<String> journalAtStart = new java.util.concurrent.CopyOnWriteArrayList<>();
        StopRecordingLauncher web = new StopRecordingLauncher(request -> {
            try {
                journalAtStart.add(java.nio.file.Files.readString(file));
            } catch (IOException e) {
                journalAtStart.add(e.toString());
            }
        });
        InMemoryCapture second = new InMemoryCapture();
        webWithJournal(second, web, HoleJournal.open(file));
        knockFixed(second, 7000, 8000, 9000);
        events.next(KnockEvent.Closed.class);
        assertEquals(1, journalAtStart.size());
        assertTrue(journalAtStart.get(0).matches("portknock holes 1\n0 \\S+ 0 " + CLIENT.getHostAddress() + " web\n"),
                journalAtStart.get(0));
        assertEquals("portknock holes 1\n", java.nio.file.Files.readString(file), "forgotten once closed");
    }

    @Test
    void aRestartedServerClosesAtOnceAnOpeningWhoseTimeHasPassed() throws Exception {
        Path file = directory.resolve("holes");
        java.nio.file.Files.writeString(file, "portknock holes 1\n7 " + Instant.now().minusSeconds(5) + " 0 "
                + CLIENT.getHostAddress() + " web\n");
        StopRecordingLauncher web = new StopRecordingLauncher(request -> { });
        webWithJournal(new InMemoryCapture(), web, HoleJournal.open(file));
        assertEquals(List.of("stop " + CLIENT.getHostAddress()), web.calls);
        assertEquals(0, server.openServices());
        assertEquals("portknock holes 1\n", java.nio.file.Files.readString(file));
    }

    @Test
    void aRestartedServerReArmsAnOpeningStillDueAndClosesItWhenItsTimeComes() throws Exception {
        Path file = directory.resolve("holes");
        Instant due = Instant.now().plusMillis(800);
        java.nio.file.Files.writeString(file, "portknock holes 1\n7 " + due + " 0 " + CLIENT.getHostAddress()
                + " web\n");
        StopRecordingLauncher web = new StopRecordingLauncher(request -> { });
        webWithJournal(new InMemoryCapture(), web, HoleJournal.open(file));
        assertEquals(1, server.openServices());
        assertEquals(List.of(), web.calls);
        events.next(KnockEvent.Closed.class);
        assertTrue(!Instant.now().isBefore(due), "closed when its time came");
        assertEquals(List.of("stop " + CLIENT.getHostAddress()), web.calls);
        assertEquals("portknock holes 1\n", java.nio.file.Files.readString(file));
    }

    @Test
    void openServicesAreListedWithTheirDoorSourceAndEnd() throws Exception {
        InMemoryCapture second = new InMemoryCapture();
        sshAndWeb(second);
        knockFixed(second, 7000, 8000, 9000);
        KnockEvent.Opened opened = events.next(KnockEvent.Opened.class);
        assertEquals(List.of(new OpenService("web", 0, CLIENT, Optional.of(opened.until()), true)),
                server.openServiceList());
    }

    @Test
    void closingTheServicesOfASourceStopsOnlyThose() throws Exception {
        InMemoryCapture second = new InMemoryCapture();
        sshAndWeb(second);
        knockFixed(second, 7000, 8000, 9000);
        events.next(KnockEvent.Opened.class);
        InetAddress other = address("198.51.100.9");
        for (int port : new int[] {7000, 8000, 9000}) {
            second.inject(PacketEvent.udp(Instant.now(), other, SERVER, port));
        }
        events.next(KnockEvent.Opened.class);
        assertEquals(1, server.closeServices(Optional.of(other)));
        assertEquals(other, events.next(KnockEvent.Closed.class).source());
        assertEquals(List.of(CLIENT), launcher.open().stream().map(LaunchRequest::source).toList());
        assertEquals(1, server.closeServices(Optional.empty()));
        assertEquals(List.of(), launcher.open());
        assertEquals(0, server.openServices());
    }

    @Test
    void startingTwiceIsMisuse() {
        assertThrows(IllegalStateException.class, server::start);
    }

    @Test
    void aServerNeedsACaptureAndADoor() {
        IllegalStateException noCapture = assertThrows(IllegalStateException.class, () -> KnockServer.builder().build());
        assertEquals("a capture source is required", noCapture.getMessage());
        IllegalStateException noDoor = assertThrows(IllegalStateException.class,
                () -> KnockServer.builder().capture(new InMemoryCapture()).build());
        assertEquals("at least one door is required", noDoor.getMessage());
    }

    @Test
    void listenersHearOfTheAcceptanceBeforeTheOpening() throws Exception {
        inject(knock(22, 1, 0, CLIENT), CLIENT);
        boolean accepted = false;
        while (true) {
            KnockEvent event = events.poll(Duration.ofSeconds(10));
            if (event instanceof KnockEvent.Accepted) {
                accepted = true;
            }
            if (event instanceof KnockEvent.Opened || event == null) {
                break;
            }
        }
        assertTrue(accepted);
    }

    @Test
    void aServerSharingItsStoreAcceptsTheNextKnockAfterOthersConsumedAWindowOnceItHasRefreshed() throws Exception {
        long elsewhere = profile.window() + 5;
        for (long j = 0; j < elsewhere; j++) {
            knock(22, 1, 0, CLIENT);
        }
        InMemoryCapture laggingCapture = new InMemoryCapture();
        RecordedEvents laggingEvents = new RecordedEvents(Duration.ofSeconds(10));
        ServerDoor door = ServerDoor.oneTime(new OneTimeDoor("ssh", profile), serverStore).pads(pad)
                .service(22, launcher).defaultDuration(Duration.ofSeconds(5)).maxDuration(Duration.ofSeconds(30)).build();
        try (KnockServer lagging = KnockServer.builder().capture(laggingCapture).door(door)
                .listener(laggingEvents).refreshInterval(Duration.ofMillis(50)).build()) {
            lagging.start();
            PadState state = serverStore.read(pad.id(), Side.SERVER);
            assertTrue(serverStore.compareAndSet(state, state.advancedTo(elsewhere, Instant.now())));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (door.verifier().orElseThrow().pads().get(0).cursor() != elsewhere) {
                assertTrue(System.nanoTime() < deadline, "the lagging server did not refresh within 10 s");
                Thread.sleep(20);
            }

            IssuedKnock next = knock(22, 1, 0, CLIENT);
            for (int port : next.ports()) {
                laggingCapture.inject(PacketEvent.udp(Instant.now(), CLIENT, SERVER, port));
            }

            assertEquals(elsewhere, assertInstanceOf(KnockEvent.Accepted.class, laggingEvents.nextOutcome()).knockIndex());
        }
    }

    @Test
    void aRefreshIntervalMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KnockServer.builder().refreshInterval(Duration.ZERO));
        assertEquals("refresh interval must be positive: PT0S", e.getMessage());
    }

    @Test
    void theRefreshIntervalIsSetOnce() {
        KnockServer.Builder builder = KnockServer.builder().refreshInterval(Duration.ofSeconds(1));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> builder.refreshInterval(Duration.ofSeconds(2)));
        assertEquals("refresh interval already set to PT1S", e.getMessage());
    }
}
