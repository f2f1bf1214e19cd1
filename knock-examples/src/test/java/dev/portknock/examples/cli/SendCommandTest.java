package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.core.Profile;
import dev.portknock.pad.FilePadStateStore;
import dev.portknock.pad.Pad;
import dev.portknock.pad.Side;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SendCommandTest {
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

    private long clientCursor() throws IOException {
        return new FilePadStateStore(state).read(Pad.open(pad).id(), Side.CLIENT).cursor();
    }

    private Cli.Result send(String... extra) {
        List<String> args = new ArrayList<>(List.of("send", "127.0.0.1", "--pad", pad.toString(), "--state",
                state.toString(), "--delay-ms", "0"));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    private static String portsOf(Cli.Result result) {
        String out = result.out();
        int at = out.indexOf("ports ");
        return out.substring(at + 6, out.indexOf(System.lineSeparator(), at));
    }

    @Test
    void dryRunPrintsThePortsOfTheNextKnockWithoutAdvancingTheCursor() throws IOException {
        Cli.Result dry = send("--command", "22,60,1", "--dry-run");
        assertEquals(KnockCli.OK, dry.status(), dry.err());
        assertTrue(dry.out().startsWith("dry run: knock 0 of pad "), dry.out());
        assertEquals(0, clientCursor());
        Cli.Result sent = send("--command", "22,60,1");
        assertEquals(KnockCli.OK, sent.status(), sent.err());
        assertEquals(portsOf(dry), portsOf(sent));
        assertEquals(1, clientCursor());
    }

    @Test
    void aSealedKnockHasOnePortPerHintCommandAndTagDigitInTheDoorsRange() {
        Cli.Result sent = send("--command", "22,60,1", "--base", "30000");
        assertEquals(KnockCli.OK, sent.status(), sent.err());
        String[] ports = portsOf(sent).split(",");
        assertEquals(1 + 3 + 7, ports.length);
        for (String port : ports) {
            int value = Integer.parseInt(port);
            assertTrue(value >= 30000 && value < 30000 + 4096, port);
        }
        assertTrue(sent.out().contains(", 2 knocks left: 11 udp packets, ports "), sent.out());
    }

    @Test
    void twoHintDigitsSendThePadsHintOffsetAsTheFirstTwoPorts() throws IOException {
        Cli.Result sent = send("--command", "22,60,1", "--base", "30000", "--hint-digits", "2");
        assertEquals(KnockCli.OK, sent.status(), sent.err());
        long offset = Pad.open(pad).id().hintOffset(Profile.builder().hintDigits(2).build());
        String[] ports = portsOf(sent).split(",");
        assertEquals(2 + 3 + 7, ports.length);
        assertEquals(30000 + offset / 4096, Integer.parseInt(ports[0]));
        assertEquals(30000 + offset % 4096, Integer.parseInt(ports[1]));
    }

    @Test
    void aRawKnockSendsTheTagDigitsThenTheCommandInClear() {
        Cli.Result sent = send("--scheme", "raw", "--command", "21,60,1", "--base", "30000");
        assertEquals(KnockCli.OK, sent.status(), sent.err());
        assertTrue(portsOf(sent).endsWith(",30021,30060,30001"), sent.out());
    }

    @Test
    void anExhaustedPadFails() {
        for (int i = 0; i < 3; i++) {
            assertEquals(KnockCli.OK, send("--command", "1,1,1").status());
        }
        Cli.Result result = send("--command", "1,1,1");
        assertEquals(KnockCli.FAILED, result.status());
        assertTrue(result.err().startsWith("knock: pad ") && result.err().contains(" is exhausted: all 3 knocks are used"),
                result.err());
    }

    @Test
    void aMissingCommandIsBadUsage() throws IOException {
        Cli.Result result = send();
        assertEquals(KnockCli.USAGE, result.status());
        assertTrue(result.err().contains("--command is required with 3 command digits (service,duration,delay)"),
                result.err());
        assertEquals(0, clientCursor());
    }

    @Test
    void aCommandThatDoesNotFitIsBadUsage() {
        Cli.Result result = send("--command", "22,60,4096");
        assertEquals(KnockCli.USAGE, result.status());
        assertTrue(result.err().contains("command value delay=4096 does not fit a digit (0..4095)"), result.err());
    }

    @Test
    void profileFlagsOutOfRangeAreBadUsage() {
        assertEquals(KnockCli.USAGE, send("--command", "1,1,1", "--base", "62000").status());
        assertEquals(KnockCli.USAGE, send("--command", "1,1,1", "--scheme", "fixed").status());
        assertEquals(KnockCli.USAGE, send("--command", "1,1,1", "--udp", "--tcp").status());
        assertEquals(KnockCli.USAGE, send("--command", "1,1,1", "--delay-ms", "-1").status());
    }

    @Test
    void portsAndAPadExcludeEachOther() {
        Cli.Result result = Cli.run("send", "127.0.0.1", "7000", "--pad", pad.toString());
        assertEquals(KnockCli.USAGE, result.status());
        assertTrue(result.err().contains("give either ports (a fixed knock) or --pad (a one-time knock), not both"),
                result.err());
    }

    @Test
    void aFixedKnockRefusesOneTimeOptions() {
        Cli.Result result = Cli.run("send", "127.0.0.1", "7000", "--scheme", "raw");
        assertEquals(KnockCli.USAGE, result.status());
        assertTrue(result.err().contains("--scheme is for one-time knocks (--pad)"), result.err());
    }

    @Test
    void neitherPortsNorPadIsBadUsage() {
        assertEquals(KnockCli.USAGE, Cli.run("send", "127.0.0.1").status());
        assertEquals(KnockCli.USAGE, Cli.run("send", "127.0.0.1", "--pad", pad.toString()).status());
    }

    @Test
    void aBadFixedPortIsBadUsage() {
        Cli.Result result = Cli.run("send", "127.0.0.1", "7000", "70000:udp");
        assertEquals(KnockCli.USAGE, result.status());
        assertTrue(result.err().contains("port must be in 1..65535: '70000:udp'"), result.err());
        assertEquals(KnockCli.USAGE, Cli.run("send", "127.0.0.1", "7000:icmp").status());
    }

    @Test
    void aFixedKnockReachesUdpSockets() throws IOException {
        try (DatagramSocket first = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
             DatagramSocket second = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            int p1 = first.getLocalPort();
            int p2 = second.getLocalPort();
            Cli.Result result = Cli.run("send", "127.0.0.1", p1 + ":udp", Integer.toString(p2), p1 + ":udp", "--udp");
            assertEquals(KnockCli.OK, result.status(), result.err());
            assertEquals("sent 3 packets to 127.0.0.1: " + p1 + ":udp," + p2 + ":udp," + p1 + ":udp"
                    + System.lineSeparator(), result.out());
            assertEquals(2, receive(first, 2, Duration.ofSeconds(5)));
            assertEquals(1, receive(second, 1, Duration.ofSeconds(5)));
            assertEquals(0, receive(first, 1, Duration.ofMillis(200)));
        }
    }

    @Test
    void aFixedDryRunSendsNothing() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            int port = socket.getLocalPort();
            Cli.Result result = Cli.run("send", "127.0.0.1", port + ":udp", "--dry-run");
            assertEquals(KnockCli.OK, result.status(), result.err());
            assertTrue(result.out().startsWith("dry run: would send 1 packets to 127.0.0.1: " + port + ":udp"));
            assertEquals(0, receive(socket, 1, Duration.ofMillis(300)));
        }
    }

    /** Receives up to {@code expected} datagrams, each within {@code wait}; returns how many came. */
    private static int receive(DatagramSocket socket, int expected, Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        int count = 0;
        DatagramPacket packet = new DatagramPacket(new byte[64], 64);
        try {
            while (count < expected) {
                socket.receive(packet);
                count++;
            }
        } catch (SocketTimeoutException e) {
            return count;
        }
        return count;
    }

    @Test
    void theStateDirectoryIsCreated() {
        assertEquals(KnockCli.OK, send("--command", "1,1,1").status());
        assertTrue(Files.isDirectory(state));
    }
}
