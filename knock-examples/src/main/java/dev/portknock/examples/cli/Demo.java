package dev.portknock.examples.cli;

import dev.portknock.core.Command;
import dev.portknock.core.FixedSequence;
import dev.portknock.core.KnockPort;
import dev.portknock.core.OneTimeDoor;
import dev.portknock.core.Profile;
import dev.portknock.core.Scheme;
import dev.portknock.core.SourceBinding;
import dev.portknock.core.Transport;
import dev.portknock.pad.FilePadStateStore;
import dev.portknock.pad.IssuedKnock;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadGenerator;
import dev.portknock.pad.PadState;
import dev.portknock.pad.Side;
import dev.portknock.runtime.KnockClient;
import dev.portknock.runtime.KnockEvent;
import dev.portknock.runtime.KnockServer;
import dev.portknock.runtime.ServerDoor;
import dev.portknock.spi.CaptureProvider;
import dev.portknock.spi.CaptureSpec;
import dev.portknock.spi.ProviderRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The demo: a whole knock's life on loopback, without privileges, in temporary files that are
 * deleted at the end. A sealed door on a free UDP port range of 127.0.0.1 guards a small TCP
 * service; the timeline shows the service refused, the knock, the service opening after the
 * knock's delay and closing after its duration, and the same packets replayed and rejected.
 * Every step is checked: the demo doubles as a smoke test of the whole stack.
 */
final class Demo {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    /** k = 9: 512 ports, few sockets; A = 7 tags keep forgery below 2^-32 even for an altered IPv6-bound knock. */
    private static final int DIGIT_BITS = 9;
    /** 9 tags of 9 bits: 2^-81 a guess, so a year of a million guesses a second stays below 2^-30. */
    private static final int TAG_DIGITS = 9;
    private static final int SERVICE = 1;
    private static final int DURATION_SECONDS = 3;
    private static final int DELAY_SECONDS = 1;
    private static final int PAD_KNOCKS = 16;
    private static final int BASE_ATTEMPTS = 20;
    /** Generous for a busy machine, yet every wait together stays well inside the demo's 30 s. */
    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(6);

    private final PrintWriter out;
    private final Clock clock;
    private final BlockingQueue<KnockEvent> events = new LinkedBlockingQueue<>();
    private Instant started;

    /** A demo writing its timeline to {@code out}. */
    Demo(PrintWriter out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    /** A step that did not behave as expected. */
    static final class StepFailed extends Exception {
        private static final long serialVersionUID = 1L;

        StepFailed(String message) {
            super(message);
        }
    }

    /**
     * Runs the demo.
     *
     * @throws StepFailed when a step did not behave as expected (the message says which)
     * @throws IOException when the demo cannot set itself up (temporary files, sockets)
     */
    void run() throws StepFailed, IOException, InterruptedException {
        started = clock.instant();
        Path directory = Files.createTempDirectory("knock-demo-");
        try {
            run(directory);
        } finally {
            deleteRecursively(directory);
        }
    }

    private void run(Path directory) throws StepFailed, IOException, InterruptedException {
        out.println("knock demo: a sealed one-time door on " + LOOPBACK.getHostAddress() + ", temporary files in "
                + directory);
        Path padFile = directory.resolve("demo.pad");
        Profile sizing = profile(1);
        PadGenerator.secureRandom().generate(padFile, DIGIT_BITS, PadGenerator.digitsFor(sizing, PAD_KNOCKS),
                PadGenerator.Progress.NONE);
        Pad pad = Pad.open(padFile);
        FilePadStateStore serverState = new FilePadStateStore(directory.resolve("server-state"));
        // a server's state is created explicitly, as `knock pad generate --state` does for a new pad
        serverState.create(PadState.fresh(pad.id(), Side.SERVER));
        FilePadStateStore clientState = new FilePadStateStore(directory.resolve("client-state"));
        int servicePort = freeTcpPort();
        step("pad " + pad.id() + " created: " + pad.knocks(sizing) + " knocks, " + DIGIT_BITS + "-bit digits");

        try (Started server = startServer(pad, serverState, servicePort)) {
            Profile profile = server.profile;
            step("server listening on udp ports " + profile.base() + ".." + profile.lastPort()
                    + "; the service is tcp port " + servicePort);
            expectRefused(servicePort, "service closed before any knock");

            KnockClient client = KnockClient.builder(profile, pad, clientState).build();
            Command command = Command.serviceDurationDelay(profile.radix(), SERVICE, DURATION_SECONDS, DELAY_SECONDS);
            IssuedKnock knock = client.send(LOOPBACK, command);
            step("knock " + knock.knockIndex() + " sent: service " + SERVICE + ", open " + DURATION_SECONDS
                    + " s, starting " + DELAY_SECONDS + " s after the knock; " + knock.ports().length
                    + " udp packets (hint, 3 masked command digits, " + TAG_DIGITS + " tags)");

            KnockEvent.Accepted accepted = await(KnockEvent.Accepted.class, EVENT_TIMEOUT);
            step("server accepted knock " + accepted.knockIndex() + " from " + accepted.source().getHostAddress()
                    + "; " + accepted.knocksLeft() + " knocks left");
            expectRefused(servicePort, "still closed: the knock asked for a " + DELAY_SECONDS + " s delay");

            await(KnockEvent.Opened.class, EVENT_TIMEOUT);
            step("service opened");
            expectGreeting(servicePort);

            await(KnockEvent.Closed.class, Duration.ofSeconds(DURATION_SECONDS).plus(EVENT_TIMEOUT));
            step("service closed after " + DURATION_SECONDS + " s");
            expectRefused(servicePort, "closed again");

            List<KnockPort> replay = new ArrayList<>();
            for (int port : knock.ports()) {
                replay.add(new KnockPort(port, Transport.UDP));
            }
            long seenBefore = server.server.captureStatistics().delivered();
            KnockClient.sendFixed(LOOPBACK, new FixedSequence(replay), KnockClient.DEFAULT_PACING, Optional.empty());
            step("the same " + replay.size() + " packets replayed");
            awaitDelivered(server.server, seenBefore + replay.size());
            expectReplayBehindTheCursor();
            step("server rejected the replay: knock " + knock.knockIndex() + " lies behind the server's cursor, it"
                    + " can never be accepted again");
            expectNothingOpens(Duration.ofSeconds(DELAY_SECONDS).plusMillis(500));
            expectRefused(servicePort, "the replay opened nothing");
        }
        step("server stopped, temporary files deleted");
    }

    /** A running server with the profile it was given (its base is wherever a free range was found). */
    private record Started(KnockServer server, Profile profile) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }

    /** Starts the door on a free port range: a range found in use is given up for another one. */
    private Started startServer(Pad pad, FilePadStateStore state, int servicePort) throws IOException {
        ProviderRegistry<CaptureProvider> captures = ProviderRegistry.discoverCaptureProviders();
        SecureRandom random = new SecureRandom();
        int ranges = (65536 - 20000) / (1 << DIGIT_BITS) - 1;
        IOException last = null;
        for (int attempt = 0; attempt < BASE_ATTEMPTS; attempt++) {
            int base = 20000 + random.nextInt(ranges) * (1 << DIGIT_BITS);
            if (servicePort >= base && servicePort < base + (1 << DIGIT_BITS)) {
                continue;
            }
            Profile profile = profile(base);
            OneTimeDoor door = new OneTimeDoor("demo", profile);
            ServerDoor serverDoor = ServerDoor.oneTime(door, state).pads(pad).clock(clock).lowWater(1)
                    .service(SERVICE, new DemoService(LOOPBACK, servicePort))
                    .maxDuration(Duration.ofSeconds(10))
                    .build();
            CaptureSpec spec = new CaptureSpec(door.portRanges(), Optional.empty(), Optional.of(LOOPBACK),
                    Optional.empty(), clock, Map.of());
            KnockServer server = KnockServer.builder()
                    .clock(clock)
                    .capture(captures.get("udp-socket").open(spec))
                    .door(serverDoor)
                    .listener(events::add)
                    .build();
            try {
                server.start();
                return new Started(server, profile);
            } catch (IOException e) {
                // another program holds a port of this range; the server closed itself
                last = e;
            }
        }
        throw new IOException("no free udp port range on " + LOOPBACK.getHostAddress() + " after " + BASE_ATTEMPTS
                + " attempts: " + (last == null ? "none tried" : last.getMessage()), last);
    }

    private static Profile profile(int base) {
        return Profile.builder().scheme(Scheme.SEALED).base(base).digitBits(DIGIT_BITS).transport(Transport.UDP)
                .commandDigits(3).tagDigits(TAG_DIGITS).window(16).sourceBinding(SourceBinding.BIND)
                .sequenceTimeout(Duration.ofSeconds(5)).build();
    }

    private <T extends KnockEvent> T await(Class<T> type, Duration timeout) throws StepFailed, InterruptedException {
        Instant deadline = clock.instant().plus(timeout);
        List<KnockEvent> others = new ArrayList<>();
        while (true) {
            long left = Duration.between(clock.instant(), deadline).toMillis();
            KnockEvent event = left <= 0 ? null : events.poll(left, TimeUnit.MILLISECONDS);
            if (event == null) {
                throw new StepFailed("no " + type.getSimpleName().toLowerCase(Locale.ROOT) + " event within "
                        + timeout.toMillis() + " ms" + (others.isEmpty() ? "" : "; instead: " + others));
            }
            if (type.isInstance(event)) {
                return type.cast(event);
            }
            others.add(event);
        }
    }

    /** Waits until the capture has handed the server this many packets in all. */
    private void awaitDelivered(KnockServer server, long total) throws StepFailed, InterruptedException {
        Instant deadline = clock.instant().plus(EVENT_TIMEOUT);
        while (server.captureStatistics().delivered() < total) {
            if (clock.instant().isAfter(deadline)) {
                throw new StepFailed("the server saw " + server.captureStatistics().delivered() + " packets, expected "
                        + total);
            }
            Thread.sleep(10);
        }
    }

    /**
     * Checks the server's verdict on the replay: rejected as lying behind the cursor (the server
     * recognises a knock whose tags are right for a consumed block), never accepted.
     */
    private void expectReplayBehindTheCursor() throws StepFailed, InterruptedException {
        Instant deadline = clock.instant().plus(EVENT_TIMEOUT);
        while (true) {
            long left = Duration.between(clock.instant(), deadline).toMillis();
            KnockEvent event = left <= 0 ? null : events.poll(left, TimeUnit.MILLISECONDS);
            if (event == null) {
                throw new StepFailed("no verdict on the replay within " + EVENT_TIMEOUT.toMillis() + " ms");
            }
            refuseLettingIn(event);
            if (event instanceof KnockEvent.Rejected rejected) {
                if (rejected.reason() != KnockEvent.RejectReason.BEHIND_CURSOR) {
                    throw new StepFailed("the replay was rejected as " + rejected.reason().name().toLowerCase(Locale.ROOT)
                            + ", not as lying behind the cursor");
                }
                return;
            }
        }
    }

    /** Checks that nothing opens for longer than the knock's delay: the replay must not open the service. */
    private void expectNothingOpens(Duration wait) throws StepFailed, InterruptedException {
        Instant deadline = clock.instant().plus(wait);
        while (true) {
            long left = Duration.between(clock.instant(), deadline).toMillis();
            KnockEvent event = left <= 0 ? null : events.poll(left, TimeUnit.MILLISECONDS);
            if (event == null) {
                return;
            }
            refuseLettingIn(event);
        }
    }

    private static void refuseLettingIn(KnockEvent event) throws StepFailed {
        if (event instanceof KnockEvent.Accepted || event instanceof KnockEvent.Opened
                || event instanceof KnockEvent.Extended) {
            throw new StepFailed("the replay was let in: " + event);
        }
    }

    private void expectRefused(int port, String why) throws StepFailed {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), 1000);
            throw new StepFailed("connect to port " + port + " succeeded, expected refused (" + why + ")");
        } catch (ConnectException expected) {
            step("connect to port " + port + ": refused (" + why + ")");
        } catch (IOException e) {
            throw new StepFailed("connect to port " + port + " failed unexpectedly: " + e.getMessage());
        }
    }

    private void expectGreeting(int port) throws StepFailed {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), 1000);
            socket.setSoTimeout(1000);
            BufferedReader reader = new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String line = reader.readLine();
            if (!DemoService.GREETING.equals(line)) {
                throw new StepFailed("the service answered '" + line + "', expected '" + DemoService.GREETING + "'");
            }
            step("connect to port " + port + ": connected, it says \"" + line + "\"");
        } catch (IOException e) {
            throw new StepFailed("connect to port " + port + " failed, expected the open service: " + e.getMessage());
        }
    }

    private void step(String text) {
        double seconds = Duration.between(started, clock.instant()).toMillis() / 1000.0;
        out.println(String.format(Locale.ROOT, "%6.2f s  %s", seconds, text));
        out.flush();
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
            return probe.getLocalPort();
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
