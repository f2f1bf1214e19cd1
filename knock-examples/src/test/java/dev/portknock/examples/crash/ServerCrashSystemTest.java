package dev.portknock.examples.crash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.core.Command;
import dev.portknock.core.Profile;
import dev.portknock.core.Scheme;
import dev.portknock.core.SourceBinding;
import dev.portknock.core.Transport;
import dev.portknock.pad.FilePadStateStore;
import dev.portknock.pad.InMemoryPadStateStore;
import dev.portknock.pad.IssuedKnock;
import dev.portknock.pad.KnockIssuer;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadGenerator;
import dev.portknock.pad.PadState;
import dev.portknock.pad.Side;
import dev.portknock.runtime.KnockClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test (issue 8): {@code knock server} runs in a process of its own on a sealed door with
 * a file state store, knocks stream at it, and it is killed with SIGKILL at random moments, 200
 * times, restarting on the same state directory each time. Some kills hit the server while it
 * starts; some runs send their knock with {@code knock send} in a process of its own and kill that
 * process at a random moment too.
 *
 * <p>What a kill may do: lose a knock in flight, or consume a block (persisted) without the log
 * line saying so. What it must never do: let a block be accepted twice, move a cursor back, leave
 * a state file that does not load, or let the client hand out a block twice.
 *
 * <p>The campaign runs once ({@link #killTheServerAtRandom()}); each test then checks one of these
 * promises against what the campaign observed. The seed is printed; rerun a campaign with
 * {@code -Dcrash.seed=N} (and a shorter one with {@code -Dcrash.kills=N}). Needs nothing but
 * loopback, yet starts over two hundred JVMs (a few minutes on two cores), so it runs in the
 * system profile.
 */
@Tag("system")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerCrashSystemTest {
    private static final int KILLS = Integer.getInteger("crash.kills", 200);
    private static final String DOOR = "crash";
    private static final int DIGIT_BITS = 10;
    private static final int RADIX = 1 << DIGIT_BITS;
    private static final int WINDOW = 32;
    /** Six tag digits of 10 bits keep a forgery below 2^-32 per attempt with this window. */
    private static final int TAG_DIGITS = 6;
    private static final long PAD_KNOCKS = 4000;
    private static final int SERVICE = 5;
    /** The ports below the ephemeral range, in slots of one door's width, one of which the door takes. */
    private static final int FIRST_BASE = 10240;
    private static final int SLOTS = (32768 - FIRST_BASE) / RADIX;
    private static final Duration PACING = KnockClient.DEFAULT_PACING;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /**
     * How long a replay waits for its verdicts before the filler: well inside the door's sequence
     * timeout (5 s), so that no candidate times out before the filler completes it, which would
     * leave the server one verdict short of the model.
     */
    private static final Duration VERDICT_WAIT = Duration.ofSeconds(2);
    /** The door throttles a pad after 8 failures a second; replays stay below that so none is dropped unverified. */
    private static final int FAILURES_PER_SECOND = 5;
    private static final Pattern PORT_TAKEN =
            Pattern.compile("cannot bind 127\\.0\\.0\\.1 port (\\d+): Address already in use");
    private static final int BIND_RETRIES = 10;
    private static final Pattern ISSUED = Pattern.compile("pad \\S+ issued knock (\\d+);");
    private static final Pattern SENT =
            Pattern.compile("sent knock (\\d+) of pad \\S+ to \\S+, \\d+ knocks left: \\d+ udp packets, ports ([0-9,]+)");

    /** Static so that it exists for the campaign in {@link BeforeAll}; kept until the last test. */
    @TempDir
    static Path dir;

    private final long seed = Long.getLong("crash.seed", System.nanoTime());
    private final Random random = new Random(seed);
    private final InetAddress loopback = loopback();
    private final List<Run> runs = new ArrayList<>();
    /** Every block the client handed out, in the order it did (test JVM and killed {@code knock send} processes). */
    private final List<Long> issued = new ArrayList<>();
    private final List<String> clientProblems = new ArrayList<>();
    private final List<ChildJvm> children = new ArrayList<>();
    private Optional<String> startFailure = Optional.empty();
    private Path padFile;
    private Pad pad;
    private Path serverState;
    private Path clientState;
    private Path config;
    private Profile profile;
    private Command command;
    private KnockClient client;
    private JvmImage image;
    private int clientKills;
    private int bindRetries;
    private int clientKillsMidSend;
    private Duration campaignTime = Duration.ZERO;
    /** When {@link #sendDigits} sent its last datagram ({@link System#nanoTime()}). */
    private long lastDatagram = System.nanoTime() - PACING.toNanos();

    /** Where a run's kill hit: start-up, a streaming client, or a {@code knock send} process and then the server. */
    enum Mode { STARTUP, STREAM, CLIENT_PROCESS }

    /**
     * One server process from start to SIGKILL.
     *
     * @param number the run's number
     * @param mode where the kill hit
     * @param cursorBefore the server cursor in the state file when the run started
     * @param cursorAfter the server cursor in the state file after the kill; empty when it did not load
     * @param stateError why the state file did not load after the kill
     * @param log what the server logged
     * @param startMillis milliseconds until the server served; -1 when it was killed first
     */
    record Run(int number, Mode mode, long cursorBefore, Optional<Long> cursorAfter, Optional<String> stateError,
               ServerLog log, long startMillis) {
    }

    @BeforeAll
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void killTheServerAtRandom() throws Exception {
        System.out.println("crash test seed " + seed + " (rerun with -Dcrash.seed=" + seed + ")");
        setUp();
        Instant started = Instant.now();
        long cursor = 0;
        for (int number = 0; number < KILLS && startFailure.isEmpty(); number++) {
            // every 8th run kills a knock send process, most others a streaming client, some the start-up
            Mode mode = number % 8 == 3 ? Mode.CLIENT_PROCESS : number % 10 == 6 ? Mode.STARTUP : Mode.STREAM;
            Run run = runOnce(number, mode, cursor);
            runs.add(run);
            checkClientCursor("after run " + number);
            if (run.cursorAfter().isEmpty()) {
                break;
            }
            cursor = run.cursorAfter().get();
        }
        campaignTime = Duration.between(started, Instant.now());
        summarize();
    }

    @AfterAll
    void killWhatIsLeft() throws InterruptedException {
        for (ChildJvm child : children) {
            child.kill();
        }
    }

    @Test
    @Order(1)
    void everyRestartServesOnTheStateTheKillsLeft() {
        assertEquals(Optional.empty(), startFailure);
        assertEquals(KILLS, runs.size(), "runs completed");
        long served = runs.stream().filter(run -> run.startMillis() >= 0).count();
        assertTrue(served >= KILLS / 2, "most runs reached serving: " + served);
    }

    @Test
    @Order(2)
    void everyStateFileLoadsAfterEveryKill() {
        List<String> failures = runs.stream().flatMap(run -> run.stateError().stream()
                .map(error -> "run " + run.number() + ": " + error)).toList();
        assertEquals(List.of(), failures);
    }

    @Test
    @Order(3)
    void noRunReportsAnError() {
        List<String> errors = runs.stream().flatMap(run -> run.log().errors().stream()
                .map(line -> "run " + run.number() + ": " + line)).toList();
        assertEquals(List.of(), errors);
    }

    @Test
    @Order(4)
    void noBlockIsAcceptedTwiceAcrossRestarts() {
        List<Long> accepted = acceptedBlocks();
        Set<Long> seen = new HashSet<>();
        List<Long> twice = accepted.stream().filter(block -> !seen.add(block)).toList();
        assertEquals(List.of(), twice, "blocks accepted more than once");
        assertTrue(accepted.size() >= KILLS / 2, "the campaign accepted knocks: " + accepted.size());
    }

    @Test
    @Order(5)
    void everyAcceptedBlockWasPersistedBeforeItWasLoggedAndNoneBelowTheLoadedCursor() {
        List<String> outside = new ArrayList<>();
        for (Run run : runs) {
            long after = run.cursorAfter().orElseThrow();
            for (long block : run.log().acceptedBlocks()) {
                if (block < run.cursorBefore() || block >= after) {
                    outside.add("run " + run.number() + ": block " + block + " outside [" + run.cursorBefore() + ", "
                            + after + ")");
                }
            }
        }
        assertEquals(List.of(), outside);
    }

    @Test
    @Order(6)
    void theServerCursorNeverMovesBack() {
        for (Run run : runs) {
            long after = run.cursorAfter().orElseThrow();
            assertTrue(after >= run.cursorBefore(), "run " + run.number() + ": " + run.cursorBefore() + " -> " + after);
        }
    }

    @Test
    @Order(7)
    void theClientNeverHandsOutABlockTwiceEvenWhenKilledMidSend() {
        assertEquals(List.of(), clientProblems);
        for (int i = 1; i < issued.size(); i++) {
            assertTrue(issued.get(i) > issued.get(i - 1), "block " + issued.get(i) + " handed out after "
                    + issued.get(i - 1));
        }
        assertTrue(clientKills > 0, "some knock send processes were killed");
    }

    @Test
    @Order(8)
    void everyAcceptedBlockIsOneTheClientHandedOut() {
        Set<Long> handedOut = new HashSet<>(issued);
        List<Long> strangers = acceptedBlocks().stream().filter(block -> !handedOut.contains(block)).toList();
        assertEquals(List.of(), strangers);
    }

    @Test
    @Order(9)
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void replayingEveryAcceptedKnockAfterTheLastRestartOpensNothing() throws Exception {
        long cursor = serverCursor();
        TreeSet<Long> accepted = new TreeSet<>(acceptedBlocks());
        assertTrue(accepted.isEmpty() || accepted.last() < cursor, "cursor " + cursor + " behind accepted "
                + accepted.last());
        ChildJvm server = startServer("final");
        assertTrue(awaitServing(server) >= 0, () -> "the final server did not start: " + errOf(server));
        KnockFraming framing = new KnockFraming(RADIX, WINDOW, PAD_KNOCKS, profile.knockLength(), cursor);
        int expected = 0;
        Instant replayStart = Instant.now();
        for (long block : accepted) {
            awaitVerdicts(server, expected, VERDICT_WAIT);
            stayBelowTheFailureLimit(server);
            expected += replay(server, framing, block, expected);
        }
        awaitVerdicts(server, expected, Duration.ofSeconds(5));
        int replayVerdicts = ServerLog.parse(server.err()).verdicts().size();
        Duration replayTime = Duration.between(replayStart, Instant.now());
        IssuedKnock fresh = client.send(loopback, command);
        issued.add(fresh.knockIndex());
        boolean freshAccepted = awaitAccepted(server, fresh.knockIndex(), Duration.ofSeconds(20));
        Thread.sleep(500);
        server.stop();
        ServerLog log = ServerLog.parse(server.err());
        System.out.printf("crash test replay: %d knocks replayed in %d ms, %d verdicts expected, %d logged "
                + "(%d rejected, %d throttled)%n", accepted.size(), replayTime.toMillis(), expected,
                log.verdicts().size(), log.count(ServerLog.Outcome.REJECTED), log.count(ServerLog.Outcome.THROTTLED));
        assertEquals(expected, replayVerdicts, "the replays' verdicts, as the model counts them");
        assertEquals(expected + 1, log.verdicts().size(), "the replays' verdicts and the fresh knock's");
        assertEquals(List.of(fresh.knockIndex()), log.acceptedBlocks(), "only the fresh knock is accepted");
        assertTrue(freshAccepted, "the fresh knock after the replays was accepted");
        assertEquals(0, log.count(ServerLog.Outcome.THROTTLED), "no replay was dropped unverified by the throttle");
        assertEquals(cursor, framing.cursor(), "the model expects no replay to be accepted");
    }

    private void setUp() throws IOException, InterruptedException {
        padFile = dir.resolve("door.pad");
        serverState = dir.resolve("server-state");
        clientState = dir.resolve("client-state");
        int base = freeBase();
        profile = Profile.builder().scheme(Scheme.SEALED).base(base).digitBits(DIGIT_BITS).transport(Transport.UDP)
                .commandDigits(3).tagDigits(TAG_DIGITS).window(WINDOW).sourceBinding(SourceBinding.BIND).build();
        PadGenerator.secureRandom().generate(padFile, DIGIT_BITS, PadGenerator.digitsFor(profile, PAD_KNOCKS),
                PadGenerator.Progress.NONE);
        pad = Pad.open(padFile);
        // a new pad: its server state is created explicitly, as `knock pad generate --state` does
        new FilePadStateStore(serverState).create(PadState.fresh(pad.id(), Side.SERVER));
        command = Command.serviceDurationDelay(RADIX, SERVICE, 1, 0);
        client = KnockClient.builder(profile, pad, new FilePadStateStore(clientState)).build();
        config = Files.writeString(dir.resolve("crash.conf"), "# the crash test's door\n[" + DOOR + "]\n"
                + "  scheme = sealed\n  pad = " + padFile + "\n  state = " + serverState + "\n"
                + "  base_port = " + base + "\n  digit_bits = " + DIGIT_BITS + "\n  command_digits = 3\n"
                + "  tag_digits = " + TAG_DIGITS + "\n  window = " + WINDOW + "\n  bind_source = yes\n  protocol = udp\n"
                + "  seq_timeout = 5\n  capture = udp-socket\n  listen = 127.0.0.1\n  services = " + SERVICE + "\n"
                + "  default_duration = 1\n  max_duration = 5\n  launcher = process\n"
                + "  start_command = /bin/true\n  stop_command = /bin/true\n");
        System.out.println("crash test door: ports " + base + ".." + (base + RADIX - 1) + ", pad " + pad.id());
        shareClassData();
    }

    /**
     * Runs the server once to completion writing an application class-data archive, which every
     * later start maps; without an archive (a JVM that cannot write one) the campaign runs slower.
     */
    private void shareClassData() throws IOException, InterruptedException {
        image = JvmImage.ofTestClassPath(dir.resolve("class-path")).loggingEveryVerdict()
                .temporaryFilesIn(Files.createDirectories(dir.resolve("tmp")));
        Path archive = dir.resolve("knock.jsa");
        ChildJvm server = ChildJvm.knock(image.dumpingTo(archive), dir, "archive", "server", "--config",
                config.toString());
        children.add(server);
        boolean served = awaitServing(server) >= 0;
        server.stop();
        assertTrue(served, () -> "the server did not start: " + errOf(server));
        if (Files.exists(archive) && Files.size(archive) > 0) {
            image = image.sharing(archive);
        }
        System.out.println("crash test: class data archive " + (Files.exists(archive) ? Files.size(archive) + " bytes"
                : "not written"));
    }

    /** A run: start the server, let it serve (or not) and kill it; read the state it left. */
    private Run runOnce(int number, Mode mode, long cursorBefore) throws Exception {
        ChildJvm server = startServer("server-" + number);
        long startMillis = -1;
        if (mode == Mode.STARTUP) {
            Thread.sleep(random.nextInt(1500));
            while (!server.kill()) {
                if (!portTaken(server)) {
                    startFailure = Optional.of("run " + number + ": the server exited by itself: " + errOf(server));
                    break;
                }
                server = startServer("server-" + number + "-again-" + bindRetries);
                Thread.sleep(random.nextInt(1500));
            }
        } else {
            startMillis = awaitServing(server);
            while (startMillis < 0 && portTaken(server)) {
                server = startServer("server-" + number + "-again-" + bindRetries);
                startMillis = awaitServing(server);
            }
            if (startMillis < 0) {
                startFailure = Optional.of("run " + number + ": the server did not start: " + errOf(server));
                server.kill();
            } else {
                replayLastIssued(server, cursorBefore);
                if (mode == Mode.STREAM) {
                    stream(server);
                } else {
                    killAClientProcess(number);
                    Thread.sleep(random.nextInt(250));
                    server.kill();
                }
            }
        }
        children.remove(server);
        Optional<Long> cursorAfter = Optional.empty();
        Optional<String> stateError = Optional.empty();
        try {
            cursorAfter = Optional.of(serverCursor());
        } catch (IOException | RuntimeException e) {
            stateError = Optional.of(e.toString());
        }
        return new Run(number, mode, cursorBefore, cursorAfter, stateError, ServerLog.parse(server.err()), startMillis);
    }

    /**
     * Whether a server that exited by itself found one of the door's ports taken by another
     * process: on a shared machine another program may hold a port of the slot for a moment.
     * Says who held it, waits a little and allows a few such retries.
     */
    private boolean portTaken(ChildJvm server) throws IOException, InterruptedException {
        server.kill();
        Matcher taken = PORT_TAKEN.matcher(errOf(server));
        if (!taken.find() || bindRetries >= BIND_RETRIES) {
            return false;
        }
        bindRetries++;
        Process ss = new ProcessBuilder("ss", "-uanp", "sport = :" + taken.group(1)).redirectErrorStream(true).start();
        String holder = new String(ss.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        ss.waitFor();
        System.out.println("crash test: port " + taken.group(1) + " was taken, starting again: " + holder);
        Thread.sleep(500);
        return true;
    }

    private ChildJvm startServer(String name) throws IOException {
        ChildJvm server = ChildJvm.knock(image, dir, name, "server", "--config", config.toString());
        children.add(server);
        return server;
    }

    /** Milliseconds until the server said it serves; -1 when it exited or timed out first. */
    private static long awaitServing(ChildJvm server) throws IOException, InterruptedException {
        Instant start = Instant.now();
        Instant deadline = start.plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (server.out().contains("knock server: serving")) {
                return Duration.between(start, Instant.now()).toMillis();
            }
            if (!server.isAlive()) {
                return -1;
            }
            Thread.sleep(5);
        }
        return -1;
    }

    /**
     * Sends the last two knocks the client handed out again, as they were: the ones a kill most
     * likely caught in flight, between persisting and logging, or not persisted at all.
     */
    private void replayLastIssued(ChildJvm server, long cursor) throws IOException, InterruptedException {
        KnockFraming framing = new KnockFraming(RADIX, WINDOW, PAD_KNOCKS, profile.knockLength(), cursor);
        int verdicts = ServerLog.parse(server.err()).verdicts().size();
        for (long block : issued.subList(Math.max(0, issued.size() - 2), issued.size())) {
            verdicts += replay(server, framing, block, verdicts);
        }
    }

    /**
     * Sends knock {@code block} again, waits for the verdicts its digits complete (so that the
     * server has recognised it if it is genuine, as the model assumes), then sends filler digits
     * that complete the candidates left under way; returns the verdicts due for both.
     *
     * @param logged the verdicts the server logged before this replay
     */
    private int replay(ChildJvm server, KnockFraming framing, long block, int logged)
            throws IOException, InterruptedException {
        int[] digits = knockAt(block).digits();
        int verdicts = framing.offerKnock(block, digits);
        // counted from what the server logged too: should it be ahead of the model, waiting for the
        // model's count alone would send the filler before the knock was recognised, and one
        // difference would grow into many
        int before = Math.max(logged, ServerLog.parse(server.err()).verdicts().size());
        sendDigits(digits);
        awaitVerdicts(server, before + verdicts, VERDICT_WAIT);
        int[] filler = framing.filler();
        verdicts += framing.offerFiller(filler);
        sendDigits(filler);
        return verdicts;
    }

    /**
     * Streams knocks from the test JVM with random pauses and kills the server at a random moment;
     * the knock being sent then goes on to a dead server (stopping the client mid-send would only
     * test this JVM's interrupt handling).
     */
    private void stream(ChildJvm server) throws Exception {
        long pauseSeed = random.nextLong();
        List<IssuedKnock> sent = new ArrayList<>();
        AtomicBoolean serving = new AtomicBoolean(true);
        Thread streamer = new Thread(() -> {
            Random pauses = new Random(pauseSeed);
            try {
                while (serving.get()) {
                    IssuedKnock knock = client.send(loopback, command);
                    synchronized (sent) {
                        sent.add(knock);
                    }
                    Thread.sleep(30 + pauses.nextInt(150));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                synchronized (clientProblems) {
                    clientProblems.add("streaming client failed: " + e);
                }
            }
        }, "crash-test-client");
        streamer.start();
        Thread.sleep(random.nextInt(500));
        server.kill();
        serving.set(false);
        streamer.join(TimeUnit.SECONDS.toMillis(30));
        synchronized (sent) {
            for (IssuedKnock knock : sent) {
                issued.add(knock.knockIndex());
                assertArrayEquals(knockAt(knock.knockIndex()).ports(), knock.ports(), "the test rebuilds sent knocks");
            }
        }
    }

    /**
     * {@code knock send} in a process of its own, SIGKILLed at a random moment: before it took a
     * block, between taking it and sending, while sending (50 ms between packets), or after it exited.
     */
    private void killAClientProcess(int number) throws Exception {
        long cursorBefore = clientCursor();
        ChildJvm send = ChildJvm.knock(image, dir, "client-" + number, "send", "127.0.0.1", "--pad", padFile.toString(),
                "--state", clientState.toString(), "--base", Integer.toString(profile.base()),
                "--tag-digits", Integer.toString(TAG_DIGITS),
                "--command", SERVICE + ",1,0", "--delay-ms", "50", "--verbose");
        children.add(send);
        Thread.sleep(100 + random.nextInt(1200));
        boolean killed = send.kill();
        children.remove(send);
        clientKills += killed ? 1 : 0;
        String err = send.err();
        String out = send.out();
        if (!killed && send.waitFor(Duration.ZERO).orElse(-1) != 0) {
            clientProblems.add("run " + number + ": knock send failed by itself: " + err);
        }
        Matcher issuedLine = ISSUED.matcher(err);
        Optional<Long> block = issuedLine.find() ? Optional.of(Long.parseLong(issuedLine.group(1))) : Optional.empty();
        Matcher sentLine = SENT.matcher(out);
        if (sentLine.find()) {
            long sentBlock = Long.parseLong(sentLine.group(1));
            int[] ports = Arrays.stream(sentLine.group(2).split(",")).mapToInt(Integer::parseInt).toArray();
            assertArrayEquals(knockAt(sentBlock).ports(), ports, "the test rebuilds the knock knock send sent");
            if (!block.equals(Optional.of(sentBlock))) {
                clientProblems.add("run " + number + ": knock send sent block " + sentBlock + " but logged " + block);
            }
        } else if (killed && block.isPresent()) {
            clientKillsMidSend++;
        }
        block.ifPresent(issued::add);
        long cursorAfter = clientCursor();
        if (block.isPresent() && cursorBefore != block.get()) {
            clientProblems.add("run " + number + ": knock send took block " + block.get() + " at cursor " + cursorBefore);
        }
        if (cursorAfter < cursorBefore || cursorAfter > cursorBefore + 1) {
            clientProblems.add("run " + number + ": one knock send moved the client cursor " + cursorBefore + " -> "
                    + cursorAfter);
        }
    }

    private void checkClientCursor(String when) throws IOException {
        long cursor;
        try {
            cursor = clientCursor();
        } catch (IOException | RuntimeException e) {
            clientProblems.add(when + ": the client state did not load: " + e);
            return;
        }
        if (!issued.isEmpty() && cursor <= issued.get(issued.size() - 1)) {
            clientProblems.add(when + ": client cursor " + cursor + " is not past block " + issued.get(issued.size() - 1));
        }
    }

    private long clientCursor() throws IOException {
        return new FilePadStateStore(clientState).read(pad.id(), Side.CLIENT).cursor();
    }

    private long serverCursor() throws IOException {
        return new FilePadStateStore(serverState).read(pad.id(), Side.SERVER).cursor();
    }

    /** Knock {@code block} exactly as the client sent it: same pad, profile, command and bound source. */
    private IssuedKnock knockAt(long block) throws IOException {
        InMemoryPadStateStore store = new InMemoryPadStateStore();
        PadState fresh = PadState.fresh(pad.id(), Side.CLIENT);
        store.compareAndSet(fresh, fresh.advancedTo(block, Instant.EPOCH));
        return new KnockIssuer(profile, pad, store, Clock.systemUTC()).peek(command.values(), Optional.of(loopback));
    }

    /**
     * Sends the door's port for each digit, from the loopback address the knocks are bound to, each
     * datagram at least {@link #PACING} after the one before, in this call or an earlier one. The
     * udp-socket capture reads each port's socket apart, so two datagrams waiting at once on two
     * ports may be read in either order: a knock's last digit and a filler's first sent within a
     * millisecond were once read the other way round, a candidate then lacked a digit and the
     * model's count went wrong from there on.
     */
    private void sendDigits(int[] digits) throws IOException, InterruptedException {
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.bind(new InetSocketAddress(loopback, 0));
            for (int digit : digits) {
                long wait = lastDatagram + PACING.toNanos() - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                channel.send(ByteBuffer.allocate(0), new InetSocketAddress(loopback, profile.portOf(digit)));
                lastDatagram = System.nanoTime();
            }
        }
    }

    private static void awaitVerdicts(ChildJvm server, int count, Duration wait) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(wait);
        while (ServerLog.parse(server.err()).verdicts().size() < count && Instant.now().isBefore(deadline)) {
            Thread.sleep(5);
        }
    }

    private static boolean awaitAccepted(ChildJvm server, long block, Duration wait) throws IOException,
            InterruptedException {
        Instant deadline = Instant.now().plus(wait);
        while (Instant.now().isBefore(deadline)) {
            if (ServerLog.parse(server.err()).acceptedBlocks().contains(block)) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    /** Waits while the server logged {@value #FAILURES_PER_SECOND} or more rejections within the last second. */
    private static void stayBelowTheFailureLimit(ChildJvm server) throws IOException, InterruptedException {
        while (true) {
            Instant since = Instant.now().minusMillis(1100);
            List<Instant> recent = ServerLog.parse(server.err()).verdicts().stream()
                    .filter(v -> v.outcome() == ServerLog.Outcome.REJECTED && v.at().isAfter(since))
                    .map(ServerLog.Verdict::at).toList();
            if (recent.size() < FAILURES_PER_SECOND) {
                return;
            }
            Thread.sleep(Math.max(1, Duration.between(since, recent.get(0)).toMillis()));
        }
    }

    private List<Long> acceptedBlocks() {
        return runs.stream().flatMap(run -> run.log().acceptedBlocks().stream()).toList();
    }

    private static String errOf(ChildJvm process) {
        try {
            return process.err();
        } catch (IOException e) {
            return "(standard error unreadable: " + e + ")";
        }
    }

    /** A slot of ports below the ephemeral range that nothing on loopback holds right now. */
    private int freeBase() throws IOException {
        int first = (int) Math.floorMod(seed, (long) SLOTS);
        for (int i = 0; i < SLOTS; i++) {
            int base = FIRST_BASE + RADIX * ((first + i) % SLOTS);
            if (bindable(base)) {
                return base;
            }
        }
        throw new AssertionError("no free slot of " + RADIX + " udp ports on loopback in " + FIRST_BASE + "..32767");
    }

    private boolean bindable(int base) throws IOException {
        List<DatagramChannel> channels = new ArrayList<>();
        try {
            for (int port = base; port < base + RADIX; port++) {
                DatagramChannel channel = DatagramChannel.open();
                channels.add(channel);
                channel.bind(new InetSocketAddress(loopback, port));
            }
            return true;
        } catch (java.net.BindException e) {
            return false;
        } finally {
            for (DatagramChannel channel : channels) {
                channel.close();
            }
        }
    }

    private void summarize() {
        long[] starts = runs.stream().mapToLong(Run::startMillis).filter(ms -> ms >= 0).sorted().toArray();
        String modes = Arrays.stream(Mode.values()).map(mode -> mode.name().toLowerCase(java.util.Locale.ROOT) + " "
                + runs.stream().filter(run -> run.mode() == mode).count()).collect(Collectors.joining(", "));
        long rejected = runs.stream().mapToLong(run -> run.log().count(ServerLog.Outcome.REJECTED)).sum();
        long throttled = runs.stream().mapToLong(run -> run.log().count(ServerLog.Outcome.THROTTLED)).sum();
        System.out.printf("crash test: %d kills in %d s (%s); start to serving median %d ms, max %d ms; "
                + "%d blocks handed out, %d accepted, %d rejected, %d throttled; %d knock send processes killed, "
                + "%d of them between taking a block and finishing; server cursor %s, client cursor %s; "
                + "%d starts again after a port of the door was taken%n",
                runs.size(), campaignTime.toSeconds(), modes, starts.length == 0 ? -1 : starts[starts.length / 2],
                starts.length == 0 ? -1 : starts[starts.length - 1], issued.size(), acceptedBlocks().size(), rejected,
                throttled, clientKills, clientKillsMidSend,
                runs.isEmpty() ? "-" : runs.get(runs.size() - 1).cursorAfter().map(String::valueOf).orElse("unreadable"),
                issued.isEmpty() ? "-" : String.valueOf(issued.get(issued.size() - 1) + 1), bindRetries);
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("four bytes are an IPv4 address", e);
        }
    }
}
