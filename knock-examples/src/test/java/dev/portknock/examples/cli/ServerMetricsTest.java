package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.pad.Pad;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [options] Metrics}: a knock server's Prometheus endpoint, scraped over loopback. */
class ServerMetricsTest {
    @TempDir
    Path dir;

    private static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String scrape(int port) throws IOException {
        try (InputStream in = new URL("http://127.0.0.1:" + port + "/metrics").openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void knocksAreCountedByDoorAndOutcomeWithCaptureFiguresAndOpenServices() throws Exception {
        int[] ports = RunningServer.freeUdpPorts(2);
        int http = freeTcpPort();
        Path config = Files.writeString(dir.resolve("knockd.conf"), "[options]\n  Metrics = 127.0.0.1:" + http + "\n"
                + "[fixed]\n  sequence = " + ports[0] + ":udp," + ports[1] + ":udp\n  capture = udp-socket\n"
                + "  listen = 127.0.0.1\n  start_command = true\n  cmd_timeout = 60\n  stop_command = true\n");
        try (RunningServer server = new RunningServer(config)) {
            Cli.Result knock = Cli.run("send", "127.0.0.1", ports[0] + ":udp", ports[1] + ":udp", "--delay-ms", "50");
            assertEquals(KnockCli.OK, knock.status(), knock.err());
            Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
            String metrics = scrape(http);
            while (!metrics.contains("portknock_open_services 1.0") && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
                metrics = scrape(http);
            }
            assertTrue(metrics.contains("portknock_knocks_total{door=\"fixed\",outcome=\"accepted\"} 1.0"), metrics);
            assertTrue(metrics.contains("portknock_open_services 1.0"), metrics);
            assertTrue(metrics.contains("portknock_packets_captured_total 2.0"), metrics);
            assertTrue(metrics.contains("portknock_packets_dropped_total 0.0"), metrics);
            assertTrue(server.output().startsWith("knock server: serving"), server.output());
        }
    }

    /** Generates a pad of the doors {@link #writeDoorOfPads} writes, with its server state. */
    private Pad generate(Path file, int knocks) throws IOException {
        Cli.Result generated = Cli.run("pad", "generate", "--out", file.toString(), "--knocks",
                Integer.toString(knocks), "--bits", "9", "--tag-digits", "7", "--state",
                dir.resolve("server-state").toString());
        assertEquals(KnockCli.OK, generated.status(), generated.err());
        return Pad.open(file);
    }

    /** Writes doors.conf: a one-time door of these pads, and the metrics on a free port, which it returns. */
    private int writeDoorOfPads(String name, String pads) throws IOException {
        int http = freeTcpPort();
        int base = 20000 + 512 * (int) (ProcessHandle.current().pid() % 80);
        Files.writeString(dir.resolve("doors.conf"), "[options]\n  Metrics = " + http + "\n"
                + "[" + name + "]\n  pad = " + pads + "\n  state = server-state\n  base_port = " + base + "\n"
                + "  digit_bits = 9\n  tag_digits = 7\n  capture = udp-socket\n  listen = 127.0.0.1\n  services = 5\n"
                + "  start_command = true\n");
        return http;
    }

    /** What the metrics endpoint shows for a door {@link #writeDoorOfPads} wrote, served by knock server. */
    private String scrapeDoorOfPads(String name, String pads) throws Exception {
        int http = writeDoorOfPads(name, pads);
        try (RunningServer server = new RunningServer(dir.resolve("doors.conf"))) {
            assertTrue(server.output().startsWith("knock server: serving"), server.output());
            return scrape(http);
        }
    }

    @Test
    void knocksLeftAreShownPerPadByIdAndLabel() throws Exception {
        Path pads = Files.createDirectory(dir.resolve("pads"));
        Pad alice = generate(pads.resolve("alice.pad"), 5);
        Files.writeString(pads.resolve("alice.pad.conf"), "label = alice-laptop\n");
        String metrics = scrapeDoorOfPads("team", "pads");
        assertTrue(metrics.contains("portknock_pad_knocks_left{door=\"team\",label=\"alice-laptop\",pad=\"" + alice.id()
                + "\"} 5.0\n"), metrics);
    }

    @Test
    void aPadWithoutASideFileIsShownUnderItsFileNameAsTheLogLinesNameIt() throws Exception {
        Pad pad = generate(dir.resolve("door.pad"), 5);
        String metrics = scrapeDoorOfPads("sealed", "door.pad");
        assertTrue(metrics.contains("portknock_pad_knocks_left{door=\"sealed\",label=\"door\",pad=\"" + pad.id()
                + "\"} 5.0\n"), metrics);
    }

    @Test
    void aDoorNameWithQuotesAndBackslashesIsEscapedInItsLabel() throws Exception {
        Pad pad = generate(dir.resolve("door.pad"), 5);
        String metrics = scrapeDoorOfPads("gate \"north\" \\ 1", "door.pad");
        assertTrue(metrics.contains("portknock_pad_knocks_left{door=\"gate \\\"north\\\" \\\\ 1\",label=\"door\",pad=\""
                + pad.id() + "\"} 5.0\n"), metrics);
    }
}
