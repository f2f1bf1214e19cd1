package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code knock holes} against a {@code knock server} with a ControlSocket, over loopback. */
// the running server is a resource the tests only need open
@SuppressWarnings("try")
class HolesCommandTest {
    @TempDir
    Path dir;

    private Path socket() {
        return dir.resolve("control.sock");
    }

    /** A server whose fixed door on two free ports opens for 60 s, writing open/close lines to {@code out}. */
    private Path config(int[] ports, Path out) throws IOException {
        return Files.writeString(dir.resolve("knockd.conf"), "[options]\n  ControlSocket = " + socket() + "\n"
                + "[fixed]\n  sequence = " + ports[0] + ":udp," + ports[1] + ":udp\n  capture = udp-socket\n"
                + "  listen = 127.0.0.1\n  start_command = echo open >> " + out + "\n  cmd_timeout = 60\n"
                + "  stop_command = echo close %IP% >> " + out + "\n");
    }

    private static void knock(int[] ports) {
        Cli.Result knock = Cli.run("send", "127.0.0.1", ports[0] + ":udp", ports[1] + ":udp", "--delay-ms", "50");
        assertEquals(KnockCli.OK, knock.status(), knock.err());
    }

    @Test
    void theControlSocketIsForItsOwnerOnly() throws Exception {
        int[] ports = RunningServer.freeUdpPorts(2);
        try (RunningServer server = new RunningServer(config(ports, dir.resolve("out")))) {
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(socket()));
        }
        assertTrue(Files.notExists(socket()), "the socket goes with the server");
    }

    @Test
    void listShowsTheOpenServicesAndCloseStopsThoseOfASource() throws Exception {
        int[] ports = RunningServer.freeUdpPorts(2);
        Path out = dir.resolve("out");
        Path config = config(ports, out);
        try (RunningServer server = new RunningServer(config)) {
            assertEquals("no service is open\n", Cli.run("holes", "list", "--socket", socket().toString()).out());
            knock(ports);
            Poll.until(() -> Poll.read(out).equals("open\n"), "the start command");
            Cli.Result list = Cli.run("holes", "list", "-c", config.toString());
            assertEquals(KnockCli.OK, list.status(), list.err());
            assertTrue(list.out().matches("door fixed service 0 source 127\\.0\\.0\\.1 open until \\S+Z\n"), list.out());

            assertEquals("closed 0\n", Cli.run("holes", "close", "198.51.100.1", "--socket", socket().toString()).out());
            assertEquals("closed 1\n", Cli.run("holes", "close", "127.0.0.1", "--socket", socket().toString()).out());
            assertEquals("open\nclose 127.0.0.1\n", Poll.read(out));
            assertEquals("no service is open\n", Cli.run("holes", "list", "--socket", socket().toString()).out());
        }
    }

    @Test
    void closeAllStopsEveryService() throws Exception {
        int[] ports = RunningServer.freeUdpPorts(2);
        Path out = dir.resolve("out");
        try (RunningServer server = new RunningServer(config(ports, out))) {
            knock(ports);
            Poll.until(() -> Poll.read(out).equals("open\n"), "the start command");
            assertEquals("closed 1\n", Cli.run("holes", "close", "--all", "--socket", socket().toString()).out());
            assertEquals("open\nclose 127.0.0.1\n", Poll.read(out));
        }
    }

    @Test
    void aSourceThatIsNoAddressIsRefusedByTheServer() throws Exception {
        int[] ports = RunningServer.freeUdpPorts(2);
        try (RunningServer server = new RunningServer(config(ports, dir.resolve("out")))) {
            Cli.Result result = Cli.run("holes", "close", "gateway.example;reboot", "--socket", socket().toString());
            assertEquals(KnockCli.FAILED, result.status());
            assertEquals("knock: error: not a numeric address: gateway.example;reboot" + System.lineSeparator(),
                    result.err());
        }
    }

    @Test
    void anUnknownRequestIsRefused() throws Exception {
        int[] ports = RunningServer.freeUdpPorts(2);
        try (RunningServer server = new RunningServer(config(ports, dir.resolve("out")))) {
            assertEquals("error: unknown request 'flush??': list, close all or close ADDRESS",
                    ask(socket(), "flush\u0007\u0001"));
        }
    }

    @Test
    void anOversizedRequestIsRefused() throws Exception {
        int[] ports = RunningServer.freeUdpPorts(2);
        try (RunningServer server = new RunningServer(config(ports, dir.resolve("out")))) {
            assertEquals("error: request too long (one line of at most 256 bytes)", ask(socket(), "x".repeat(300)));
        }
    }

    @Test
    void anUnterminatedRequestIsRefused() throws Exception {
        int[] ports = RunningServer.freeUdpPorts(2);
        try (RunningServer server = new RunningServer(config(ports, dir.resolve("out")))) {
            assertEquals("error: request unterminated (one line of at most 256 bytes)", askRaw(socket(), "list"));
        }
    }

    @Test
    void withoutControlSocketInTheConfigurationListSaysSo() throws Exception {
        Path config = Files.writeString(dir.resolve("other.conf"), "[fixed]\n  sequence = 1,2\n  command = true\n");
        Cli.Result result = Cli.run("holes", "list", "-c", config.toString());
        assertEquals(KnockCli.FAILED, result.status());
        assertEquals("knock: " + config + " names no [options] ControlSocket; give --socket" + System.lineSeparator(),
                result.err());
    }

    @Test
    void closeNeedsASourceOrAll() {
        assertEquals(KnockCli.USAGE, Cli.run("holes", "close", "--socket", socket().toString()).status());
        assertEquals(KnockCli.USAGE, Cli.run("holes", "close", "--all", "192.0.2.1").status());
    }

    private static String ask(Path socket, String line) throws IOException {
        return askRaw(socket, line + "\n");
    }

    private static String askRaw(Path socket, String text) throws IOException {
        try (java.nio.channels.SocketChannel channel = java.nio.channels.SocketChannel.open(
                java.net.StandardProtocolFamily.UNIX)) {
            channel.connect(java.net.UnixDomainSocketAddress.of(socket));
            channel.write(java.nio.ByteBuffer.wrap(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            channel.shutdownOutput();
            return new String(java.nio.channels.Channels.newInputStream(channel).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8).strip();
        }
    }

}
