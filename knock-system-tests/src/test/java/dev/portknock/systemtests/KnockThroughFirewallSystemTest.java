package dev.portknock.systemtests;

import static dev.portknock.systemtests.TwoNamespaces.Host.KNOCKER;
import static dev.portknock.systemtests.TwoNamespaces.Host.OTHER;
import static dev.portknock.systemtests.TwoNamespaces.Host.SERVER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.core.Profile;
import dev.portknock.pad.FilePadStateStore;
import dev.portknock.pad.PadGenerator;
import dev.portknock.pad.PadId;
import dev.portknock.pad.PadState;
import dev.portknock.pad.Side;
import dev.portknock.systemtests.TwoNamespaces.Family;
import dev.portknock.systemtests.TwoNamespaces.Host;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue #5's end-to-end scenarios: a real firewall opened by a real knock. Two network namespaces
 * joined by a veth pair; in the server's, nftables (created by the {@code nftables} launcher) drops
 * new connections to the protected TCP port, a real service listens on it ({@link ServiceMain}),
 * and an embedded {@code KnockServer} with live {@code pcap} capture on the veth runs
 * ({@link ServerMain}); in the client's, {@code KnockClient} knocks and connects
 * ({@link ClientMain}). Each runs in its own JVM, started with {@code ip netns exec}.
 *
 * <p>Needs root, iproute2, nftables, tcpdump and libpcap; a missing one fails the tests. The
 * namespaces, processes and files are removed afterwards, also when a test fails. The child
 * processes' logs are kept in {@code target/system-test-logs}.
 */
@Tag("system")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KnockThroughFirewallSystemTest {
    /** How long a connect waits for an answer to its SYN before it counts as dropped. */
    private static final int CONNECT_TIMEOUT_MILLIS = 1500;
    /** The duration every knock asks for. */
    private static final int OPEN_SECONDS = 3;
    /** Upper bound on waiting for a child's line: JVM start, a knock's verification, an opening's end. */
    static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path LOGS = Path.of("target", "system-test-logs");

    @TempDir
    static Path dir;

    final Deque<AutoCloseable> cleanup = new ArrayDeque<>();
    TwoNamespaces network;
    ChildProcess server;
    private ChildProcess client;
    private Path pad;
    private Path serverState;
    private int serversStarted;

    @BeforeAll
    void startServerServiceAndClient() throws IOException {
        assertEquals("0", Commands.succeed("id", "-u"), "the end-to-end system tests run as root");
        Commands.succeed("ip", "-V");
        Commands.succeed("nft", "--version");
        Commands.succeed("tcpdump", "--version");
        Files.createDirectories(LOGS);
        pad = dir.resolve("door.pad");
        PadId padId = PadGenerator.secureRandom().generate(pad, E2eDoor.PROFILE.digitBits(),
                PadGenerator.digitsFor(E2eDoor.PROFILE, 200), PadGenerator.Progress.NONE);
        serverState = Files.createDirectory(dir.resolve("server-state"));
        // a new pad: its server state is created explicitly, as `knock pad generate --state` does
        new FilePadStateStore(serverState).create(PadState.fresh(padId, Side.SERVER));
        Path clientState = Files.createDirectory(dir.resolve("client-state"));

        network = TwoNamespaces.create(namespacePrefix() + ProcessHandle.current().pid());
        cleanup.push(network);
        ChildProcess service = ChildProcess.javaIn(network.server(), ServiceMain.class, LOGS.resolve("service.log"));
        cleanup.push(service);
        startServer();
        client = ChildProcess.javaIn(network.client(), ClientMain.class, LOGS.resolve("client.log"),
                pad.toString(), clientState.toString());
        cleanup.push(client);
        service.await(0, "LISTENING"::equals, "LISTENING", WAIT);
        server.await(0, "READY"::equals, "READY", WAIT);
    }

    /** The prefix of the namespaces' names, unique to the test class (the process id follows). */
    String namespacePrefix() {
        return "pk-e2e-";
    }

    /** What follows the interface among {@link ServerMain}'s arguments: the capture and its options. */
    List<String> captureArguments() {
        return List.of("pcap");
    }

    /** Starts a server on the pad and state in the server's namespace; it is closed after the tests. */
    void startServer() {
        List<String> arguments = new ArrayList<>(List.of(pad.toString(), serverState.toString(),
                TwoNamespaces.SERVER_INTERFACE));
        arguments.addAll(captureArguments());
        // a restarted server logs to a file of its own, keeping the first one's log
        String log = serversStarted++ == 0 ? serverLog() : serverLog().replace(".log", "-" + serversStarted + ".log");
        server = ChildProcess.javaIn(network.server(), ServerMain.class, LOGS.resolve(log),
                arguments.toArray(String[]::new));
        cleanup.push(server);
    }

    /** The log file of the server's standard error, in {@code target/system-test-logs}. */
    String serverLog() {
        return "server.log";
    }

    /** Closes the client, the server, the service, then deletes the namespaces; reports every failure. */
    @AfterAll
    void stopEverything() throws Exception {
        List<Throwable> failures = new ArrayList<>();
        while (!cleanup.isEmpty()) {
            try {
                cleanup.pop().close();
            } catch (Exception | AssertionError e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError("cleanup failed: " + failures);
            failures.forEach(error::addSuppressed);
            throw error;
        }
    }

    /** Every opening has closed before the next test, so each starts with the port protected. */
    @AfterEach
    void awaitAllOpeningsClosed() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (count("OPENED ") > count("CLOSED ")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("openings still open after " + WAIT.toSeconds() + " s: " + server.lines());
            }
            Thread.sleep(100);
        }
    }

    private long count(String prefix) {
        return server.lines().stream().filter(line -> line.startsWith(prefix)).count();
    }

    @Order(1)
    @ParameterizedTest
    @EnumSource(Family.class)
    void beforeAnyKnockAConnectToTheProtectedPortTimesOut(Family family) {
        assertEquals("TIMEOUT", connect(KNOCKER, family));
    }

    @Order(2)
    @ParameterizedTest
    @EnumSource(Family.class)
    void aSealedKnockOpensTheServiceOnlyForTheKnockingAddress(Family family) {
        int mark = server.mark();
        knock(E2eDoor.PROFILE, family);
        awaitServer(mark, "OPENED " + E2eDoor.SERVICE + " " + shown(KNOCKER, family));

        assertEquals("CONNECTED " + E2eDoor.BANNER, connect(KNOCKER, family));
        assertEquals("TIMEOUT", connect(OTHER, family));
    }

    @Order(3)
    @ParameterizedTest
    @EnumSource(Family.class)
    void afterTheKnocksDurationTheConnectTimesOutAgainAndTheSetIsEmpty(Family family) {
        int mark = server.mark();
        knock(E2eDoor.PROFILE, family);
        awaitServer(mark, "OPENED " + E2eDoor.SERVICE + " " + shown(KNOCKER, family));
        String element = KNOCKER.address(family) + " . " + E2eDoor.PROTECTED_PORT;
        assertTrue(listSet(family).contains(element), "while open: " + listSet(family));

        awaitServer(mark, "CLOSED " + E2eDoor.SERVICE + " " + shown(KNOCKER, family));

        assertEquals("TIMEOUT", connect(KNOCKER, family));
        String set = listSet(family);
        assertFalse(set.contains("elements"), "the set is empty: " + set);
    }

    @Order(4)
    @ParameterizedTest
    @EnumSource(Family.class)
    void resendingTheRecordedPacketsOfAKnockOpensNothing(Family family) throws Exception {
        Path recording = dir.resolve("knock-" + family + ".pcap");
        // immediate mode: otherwise packets wait in a kernel buffer block that SIGTERM discards
        ChildProcess tcpdump = ChildProcess.startMerged("tcpdump", LOGS.resolve("tcpdump.log"), List.of(
                "ip", "netns", "exec", network.client(), "tcpdump", "--immediate-mode", "-i", TwoNamespaces.CLIENT_INTERFACE,
                "-nn", "-U", "-Z", "root", "-w", recording.toString(),
                "udp and src host " + KNOCKER.address(family) + " and dst host " + SERVER.address(family)));
        int mark = server.mark();
        int[] ports;
        try {
            tcpdump.await(0, line -> line.contains("listening on " + TwoNamespaces.CLIENT_INTERFACE), "tcpdump listening",
                    WAIT);
            ports = knock(E2eDoor.PROFILE, family);
            awaitServer(mark, "OPENED " + E2eDoor.SERVICE + " " + shown(KNOCKER, family));
        } finally {
            tcpdump.terminate();
        }
        List<UdpRecording.Datagram> recorded = UdpRecording.read(recording);
        assertEquals(Arrays.stream(ports).boxed().toList(),
                recorded.stream().map(datagram -> datagram.destination().getPort()).toList(), "recorded " + recorded);
        InetSocketAddress source = recorded.get(0).source();
        assertEquals(InetAddress.getByName(KNOCKER.address(family)), source.getAddress());
        assertTrue(recorded.stream().allMatch(datagram -> datagram.source().equals(source)
                && datagram.payloadLength() == 0), "one source port, empty datagrams: " + recorded);
        awaitServer(mark, "CLOSED " + E2eDoor.SERVICE + " " + shown(KNOCKER, family));
        long deliveredBefore = delivered();
        int replayMark = server.mark();

        assertEquals("REPLAYED " + ports.length, client.request("replay " + KNOCKER.address(family) + " "
                + source.getPort() + " " + SERVER.address(family) + " " + joined(ports), WAIT));

        assertEquals("TIMEOUT", connect(KNOCKER, family));
        awaitDelivered(deliveredBefore + ports.length);
        List<String> events = events(replayMark);
        assertTrue(events.stream().noneMatch(line -> line.startsWith("ACCEPTED") || line.startsWith("OPENED")),
                "the replay opened nothing: " + events);
        // A replayed digit may have started a partial attempt for the knocker; let the sequence
        // timeout (and the server's once-a-second expiry) end it before another test knocks.
        Thread.sleep(E2eDoor.PROFILE.sequenceTimeout().plusMillis(1500).toMillis());
    }

    @Order(5)
    @ParameterizedTest
    @EnumSource(Family.class)
    void aKnockOnPortsTheServerDoesNotWatchOpensNothing(Family family) throws Exception {
        long deliveredBefore = delivered();
        long closedPortDatagramsBefore = closedPortDatagrams(family);
        int mark = server.mark();

        int[] ports = knock(E2eDoor.UNWATCHED, family);

        assertTrue(Arrays.stream(ports).allMatch(port -> port >= E2eDoor.UNWATCHED.base()
                && port <= E2eDoor.UNWATCHED.lastPort()), "ports " + Arrays.toString(ports));
        assertEquals("TIMEOUT", connect(KNOCKER, family));
        awaitClosedPortDatagrams(family, closedPortDatagramsBefore + ports.length);
        assertEquals(deliveredBefore, delivered(), "the capture delivered none of the knock's packets");
        assertEquals(List.of(), events(mark));
    }

    /** Sends the next knock from the knocking address; returns its ports. */
    int[] knock(Profile range, Family family) {
        String which = range.equals(E2eDoor.PROFILE) ? "watched" : "unwatched";
        String sent = client.request("knock " + which + " " + KNOCKER.address(family) + " " + SERVER.address(family)
                + " " + OPEN_SECONDS, WAIT);
        assertTrue(sent.startsWith("SENT "), sent);
        String[] words = sent.split(" ");
        int[] ports = new int[words.length - 2];
        for (int i = 0; i < ports.length; i++) {
            ports[i] = Integer.parseInt(words[i + 2]);
        }
        assertEquals(range.knockLength(), ports.length, sent);
        return ports;
    }

    /** Connects from the host to the protected port: {@code CONNECTED <banner>}, {@code TIMEOUT} or {@code REFUSED}. */
    String connect(Host from, Family family) {
        return client.request("connect " + from.address(family) + " " + SERVER.address(family) + " "
                + E2eDoor.PROTECTED_PORT + " " + CONNECT_TIMEOUT_MILLIS, WAIT);
    }

    /** The server's event lines since the mark, without its answers to {@code stats}. */
    private List<String> events(int mark) {
        return server.linesSince(mark).stream().filter(line -> !line.startsWith("STATS ")).toList();
    }

    void awaitServer(int mark, String line) {
        server.await(mark, line::equals, "'" + line + "'", WAIT);
    }

    /** An address as the server prints it ({@link InetAddress#getHostAddress()}). */
    static String shown(Host host, Family family) {
        try {
            return InetAddress.getByName(host.address(family)).getHostAddress();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String joined(int[] ports) {
        return Arrays.stream(ports).mapToObj(String::valueOf).collect(Collectors.joining(" "));
    }

    private String listSet(Family family) {
        return Commands.succeed("ip", "netns", "exec", network.server(), "nft", "list", "set", "inet", "portknock",
                family.nftablesSet());
    }

    /** Packets the server's capture has delivered so far. */
    private long delivered() {
        String stats = server.request("stats", WAIT);
        assertTrue(stats.startsWith("STATS "), stats);
        return Long.parseLong(stats.split(" ")[1]);
    }

    private void awaitDelivered(long expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long delivered = delivered();
        while (delivered < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
            delivered = delivered();
        }
        assertEquals(expected, delivered, "packets the capture delivered");
    }

    /**
     * Datagrams the server's kernel received for ports nobody listens on (UDP {@code NoPorts}):
     * proof that knock packets reached the server host, whatever its capture did with them.
     */
    private long closedPortDatagrams(Family family) {
        if (family == Family.IPV4) {
            List<String> lines = Commands.succeed("ip", "netns", "exec", network.server(), "cat", "/proc/net/snmp")
                    .lines().filter(line -> line.startsWith("Udp: ")).toList();
            List<String> names = List.of(lines.get(0).split(" +"));
            return Long.parseLong(lines.get(1).split(" +")[names.indexOf("NoPorts")]);
        }
        return Commands.succeed("ip", "netns", "exec", network.server(), "cat", "/proc/net/snmp6").lines()
                .filter(line -> line.startsWith("Udp6NoPorts "))
                .mapToLong(line -> Long.parseLong(line.split("\\s+")[1]))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Udp6NoPorts in /proc/net/snmp6"));
    }

    private void awaitClosedPortDatagrams(Family family, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long received = closedPortDatagrams(family);
        while (received < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
            received = closedPortDatagrams(family);
        }
        assertEquals(expected, received, "datagrams that reached the server host");
    }
}
