package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void knocksLeftAreShownPerPad() throws Exception {
        Path pad = dir.resolve("door.pad");
        assertEquals(KnockCli.OK, Cli.run("pad", "generate", "--out", pad.toString(), "--knocks", "5", "--bits", "9",
                "--tag-digits", "7", "--state", dir.resolve("server-state").toString()).status());
        int http = freeTcpPort();
        int base = 20000 + 512 * (int) (ProcessHandle.current().pid() % 80);
        Path config = Files.writeString(dir.resolve("doors.conf"), "[options]\n  Metrics = " + http + "\n"
                + "[sealed]\n  pad = door.pad\n  state = server-state\n  base_port = " + base + "\n  digit_bits = 9\n"
                + "  tag_digits = 7\n  capture = udp-socket\n  listen = 127.0.0.1\n  services = 5\n"
                + "  start_command = true\n");
        try (RunningServer server = new RunningServer(config)) {
            String metrics = scrape(http);
            assertTrue(metrics.matches("(?s).*portknock_pad_knocks_left\\{door=\"sealed\",pad=\"[0-9a-f]{32}\"} 5\\.0.*"),
                    metrics);
            assertTrue(server.output().contains("sealed"), server.output());
        }
    }
}
