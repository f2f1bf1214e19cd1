package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.pad.FilePadStateStore;
import dev.portknock.pad.Pad;
import dev.portknock.pad.Side;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code knock connect}: knock, wait for the port, relay; on loopback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectCommandTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path dir;
    private Path pad;
    private Path state;

    @BeforeEach
    void generatePad() {
        pad = dir.resolve("door.pad");
        state = dir.resolve("state");
        assertEquals(KnockCli.OK, Cli.run("pad", "generate", "--out", pad.toString(), "--knocks", "3").status());
    }

    private Cli.Result connect(String input, ByteArrayOutputStream out, String... args) {
        List<String> all = new ArrayList<>(List.of("connect"));
        all.addAll(List.of(args));
        return Cli.runConnect(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out,
                all.toArray(String[]::new));
    }

    private Cli.Result connectWithPad(String input, ByteArrayOutputStream out, int port, String... extra) {
        List<String> args = new ArrayList<>(List.of("127.0.0.1", Integer.toString(port), "--pad", pad.toString(),
                "--state", state.toString(), "--command", "22,60,0", "--delay-ms", "0"));
        args.addAll(List.of(extra));
        return connect(input, out, args.toArray(String[]::new));
    }

    /** A loopback port nothing listens on (now). */
    private static int closedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
            return probe.getLocalPort();
        }
    }

    /** An upper-casing peer on {@code port}, 800 ms from now: a port that opens after the knock. */
    private static CompletableFuture<Void> opensLater(int port) {
        return CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(800);
                UpperCasingPeer.serve(new ServerSocket(port, 1, LOOPBACK)).join();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private boolean knockSpent() throws IOException {
        return Files.exists(state) && new FilePadStateStore(state).read(Pad.open(pad).id(), Side.CLIENT).cursor() > 0;
    }

    @Test
    void aPortThatAcceptsAlreadyIsRelayedWithoutSpendingAKnock() throws Exception {
        ServerSocket server = new ServerSocket(0, 1, LOOPBACK);
        CompletableFuture<Void> peer = UpperCasingPeer.serve(server);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        Cli.Result result = connectWithPad("hello\n", out, server.getLocalPort());

        assertEquals(KnockCli.OK, result.status(), result.err());
        assertEquals("HELLO\n", out.toString(StandardCharsets.UTF_8));
        assertEquals("port " + server.getLocalPort() + " on 127.0.0.1 accepts connections already: no knock spent"
                + System.lineSeparator(), result.err());
        assertEquals("", result.out(), "standard output is the connection's");
        assertTrue(!knockSpent(), "no knock spent");
        peer.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aClosedPortIsKnockedThenRelayedOnceItAccepts() throws Exception {
        int port = closedPort();
        CompletableFuture<Void> opensLater = opensLater(port);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        Cli.Result result = connectWithPad("ssh-2.0\n", out, port, "--probe-ms", "100");

        assertEquals(KnockCli.OK, result.status(), result.err());
        assertEquals("SSH-2.0\n", out.toString(StandardCharsets.UTF_8));
        assertTrue(result.err().matches("sent knock 0 of pad [0-9a-f]+ to 127\\.0\\.0\\.1, 2 knocks left; port " + port
                + " accepted after [0-9]+\\.[0-9] s\\R"
                + "warning: pad [0-9a-f]+ runs low: 2 knocks left, at or below the low-water mark 100; ask for a new "
                + "pad \\(knock pad provision\\)\\R"), result.err());
        assertTrue(knockSpent());
        opensLater.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aBundleGivesTheKnocksSettingsAndRollsOverAsSendDoes() throws Exception {
        ProvisionedDoor door = new ProvisionedDoor(dir.resolve("server"), 31000);
        Path first = door.provision("old", 1);
        Path second = door.provision("new", 3);
        int port = closedPort();
        CompletableFuture<Void> opensLater = opensLater(port);
        Path clientState = dir.resolve("client-state");
        Cli.Result used = Cli.run("send", "--bundle", first.toString(), "--state", clientState.toString(), "-q");
        assertEquals(KnockCli.OK, used.status(), used.err());
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        Cli.Result result = connect("bundle\n", out, "127.0.0.1", Integer.toString(port), "--bundle", first.toString(),
                "--bundle", second.toString(), "--state", clientState.toString(), "--probe-ms", "100",
                "--low-water", "0");

        assertEquals(KnockCli.OK, result.status(), result.err());
        assertEquals("BUNDLE\n", out.toString(StandardCharsets.UTF_8));
        assertTrue(result.err().matches("pad [0-9a-f]+ \\(" + java.util.regex.Pattern.quote(first.toString())
                + "\\) is used up: moving on to pad [0-9a-f]+ \\(" + java.util.regex.Pattern.quote(second.toString())
                + "\\)\\Rsent knock 0 of pad [0-9a-f]+ to 127\\.0\\.0\\.1, 2 knocks left; port " + port
                + " accepted after [0-9]+\\.[0-9] s\\R"), result.err());
        opensLater.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aFlagThatContradictsTheBundleIsRefusedBeforeAnyKnock() throws IOException {
        Path bundle = new ProvisionedDoor(dir.resolve("server"), 31000).provision("alice", 3);
        Cli.Result result = connect("", new ByteArrayOutputStream(), "127.0.0.1", Integer.toString(closedPort()),
                "--bundle", bundle.toString(), "--state", dir.resolve("client-state").toString(), "--tcp");
        assertEquals(KnockCli.USAGE, result.status());
        assertTrue(result.err().startsWith("--tcp contradicts the bundle: bundle " + bundle + " is for a door whose "
                + "transport is udp"), result.err());
    }

    @Test
    void aPortThatNeverAcceptsFailsAfterTheWaitNamingTheKnock() throws Exception {
        int port = closedPort();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        Cli.Result result = connectWithPad("", out, port, "--wait", "1");

        assertEquals(KnockCli.FAILED, result.status());
        assertTrue(result.err().matches("knock: port " + port + " on 127\\.0\\.0\\.1 did not accept a connection within "
                + "1 s of knock 0 of pad [0-9a-f]+; check that the knock's settings \\(base, transport, scheme, "
                + "service, delay\\) match the door\\R"), result.err());
        assertTrue(knockSpent(), "the knock was spent");
        assertEquals(0, out.size());
    }

    @Test
    void quietSaysNothingOnSuccess() throws Exception {
        ServerSocket server = new ServerSocket(0, 1, LOOPBACK);
        CompletableFuture<Void> peer = UpperCasingPeer.serve(server);
        Cli.Result result = connectWithPad("x", new ByteArrayOutputStream(), server.getLocalPort(), "-q");
        assertEquals(KnockCli.OK, result.status(), result.err());
        assertEquals("", result.err());
        peer.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aNamedHostGivesHostAndPort() throws Exception {
        ServerSocket server = new ServerSocket(0, 1, LOOPBACK);
        CompletableFuture<Void> peer = UpperCasingPeer.serve(server);
        Path config = dir.resolve("client.conf");
        Files.writeString(config, "[gateway]\nhost = 127.0.0.1\nport = " + server.getLocalPort() + "\n");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        Cli.Result result = connect("named\n", out, "gateway", "--config", config.toString());

        assertEquals(KnockCli.OK, result.status(), result.err());
        assertEquals("NAMED\n", out.toString(StandardCharsets.UTF_8));
        peer.get(10, TimeUnit.SECONDS);
    }

    @Test
    void withoutAPortItIsBadUsage() {
        Cli.Result result = connect("", new ByteArrayOutputStream(), "127.0.0.1");
        assertEquals(KnockCli.USAGE, result.status());
        assertTrue(result.err().startsWith("give PORT, or 'port' in the host's stanza of the client configuration"),
                result.err());
    }

    @Test
    void aClosedPortWithoutAPadIsBadUsage() throws IOException {
        int port = closedPort();
        Cli.Result result = connect("", new ByteArrayOutputStream(), "127.0.0.1", Integer.toString(port));
        assertEquals(KnockCli.USAGE, result.status());
        assertTrue(result.err().startsWith("port " + port + " on 127.0.0.1 does not accept connections; give --pad and "
                + "--state, or a named host with a pad, to knock first"), result.err());
    }

    @Test
    void anOutOfRangeWaitIsBadUsage() {
        Cli.Result result = connect("", new ByteArrayOutputStream(), "127.0.0.1", "22", "--wait", "0");
        assertEquals(KnockCli.USAGE, result.status());
        assertTrue(result.err().startsWith("--wait must be in 1..3600 seconds: 0"), result.err());
    }

    @Test
    void theProbeFindsAnOpenPortAndNotAClosedOne() throws IOException {
        // the probe itself: an open port is found, a closed one is not
        try (ServerSocket server = new ServerSocket(0, 1, LOOPBACK)) {
            InetSocketAddress open = new InetSocketAddress(LOOPBACK, server.getLocalPort());
            try (Socket socket = PortWait.tryConnect(open, java.time.Duration.ofSeconds(1)).orElseThrow()) {
                assertTrue(socket.isConnected());
            }
        }
        assertTrue(PortWait.tryConnect(new InetSocketAddress(LOOPBACK, closedPort()), java.time.Duration.ofSeconds(1))
                .isEmpty());
    }
}
