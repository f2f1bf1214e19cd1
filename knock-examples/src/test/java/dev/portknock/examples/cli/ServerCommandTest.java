package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.examples.logging.UnixDatagramReceiver;
import dev.portknock.examples.config.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServerCommandTest {
    @TempDir
    Path dir;

    @Test
    void aBadConfigurationFailsNamingFileAndLine() throws IOException {
        Path config = Files.writeString(dir.resolve("knockd.conf"),
                "[options]\n  Interface = lo\n[openSSH]\n  Sequense = 7000,8000\n  Command = /bin/true\n");
        Cli.Result result = Cli.run("server", "--config", config.toString());
        assertEquals(KnockCli.FAILED, result.status());
        assertTrue(result.err().startsWith("knock: " + config + ":4: "), result.err());
        assertFalse(result.err().contains("\tat "), result.err());
    }

    @Test
    void aMissingPadFailsNamingTheDoorsFileAndLine() throws IOException {
        Path config = Files.writeString(dir.resolve("doors.conf"), "# one door\n[demo]\n  pad = missing.pad\n"
                + "  state = state\n  capture = udp-socket\n  listen = 127.0.0.1\n  services = 22\n"
                + "  start_command = /bin/true\n");
        Cli.Result result = Cli.run("server", "--config", config.toString());
        assertEquals(KnockCli.FAILED, result.status());
        assertEquals("knock: " + config + ":2: door demo: pad: no such file: " + dir.resolve("missing.pad")
                + System.lineSeparator(), result.err());
    }

    @Test
    void aMissingConfigurationFails() {
        Cli.Result result = Cli.run("server", "--config", dir.resolve("none.conf").toString());
        assertEquals(KnockCli.FAILED, result.status());
        assertEquals("knock: no such file: " + dir.resolve("none.conf") + System.lineSeparator(), result.err());
    }

    @Test
    void helpShowsThePlaceholdersWithoutAPicocliFormatWarning() {
        // picocli formats descriptions with String.format and warns on System.err when a lone % breaks it
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream original = System.err;
        Cli.Result result;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            result = Cli.run("server", "--help");
        } finally {
            System.setErr(original);
        }
        assertEquals(KnockCli.OK, result.status());
        assertTrue(result.out().replaceAll("\\s+", " ").contains("%IP% (the knocking address, IPv6 in RFC 5952 form), %SERVICE% and"), result.out());
        assertEquals("", result.err());
        // other tests' servers may still log to System.err while it is redirected: look for picocli only
        String captured = stderr.toString(StandardCharsets.UTF_8);
        assertFalse(captured.contains("[picocli WARN]"), captured);
    }

    @Test
    void helpExplainsTheTuningKeys() {
        String help = Cli.run("server", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("after failure_limit failed knocks from one source prefix (an IPv4 address, an IPv6 /64)"
                + " within failure_interval seconds, further knocks from it are refused unchecked until the interval"
                + " ends (default 8 per 1 s"), help);
        assertTrue(help.contains("capture_buffer_size is the kernel capture buffer in bytes (capture = pcap or nflog;"),
                help);
        assertTrue(help.contains("logs the doors' packets to the NFLOG group nflog_group (default 4242)"), help);
    }

    @Test
    void helpExplainsTheWarmUp() {
        String help = Cli.run("server", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("WarmUpKnocks = N (0 to 10000; default: the system property"
                + " dev.portknock.warm_up_knocks, else 300) scratch knocks are verified for each scheme and source"
                + " binding among the one-time doors before the capture starts"), help);
    }

    @Test
    void helpExplainsTheKeysOfADoorWithManyPads() {
        String help = Cli.run("server", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("a side file NAME.pad.conf may set label = ... and services = ..."), help);
        assertTrue(help.contains("low_water (default 100) is the knocks left below which a pad is logged as running"
                + " low; hint_digits (1 or 2, default 1)"), help);
    }

    @Test
    void theConfigDefaultsToKnockdsFile() {
        CommandLine server = KnockCli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
                .getSubcommands().get("server");
        assertEquals("/etc/knockd.conf", server.getCommandSpec().findOption("-c").defaultValue());
        assertEquals("/etc/knockd.conf", server.getCommandSpec().findOption("--config").defaultValue());
    }

    @Test
    void knockdsOptionsAreAccepted() throws Exception {
        int[] ports = RunningServer.freeUdpPorts(2);
        Path log = dir.resolve("knock.log");
        Path pid = dir.resolve("knock.pid");
        Path config = Files.writeString(dir.resolve("knockd.conf"), "[fixed]\n  sequence = " + ports[0] + ":udp,"
                + ports[1] + ":udp\n  capture = udp-socket\n  listen = 127.0.0.1\n  command = true\n");
        try (RunningServer server = new RunningServer(CommandLine.defaultFactory(), "server", "-c", config.toString(),
                "-i", "lo", "-D", "-v", "-l", "-g", log.toString(), "-p", pid.toString())) {
            assertTrue(server.output().startsWith("knock server: serving 1 door(s) from " + config), server.output());
            assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(pid));
            waitFor(() -> readQuietly(log).contains("option -l: knock server logs addresses only and never looks names "
                    + "up (knockd's manual calls lookups a security risk)"), "the -l warning in the -g log file");
        }
    }

    @Test
    void aBadInterfaceIsAUsageErrorNamingTheOption() throws IOException {
        Path config = Files.writeString(dir.resolve("knockd.conf"), "[fixed]\n  sequence = 7000,8000\n"
                + "  command = true\n");
        Cli.Result result = Cli.run("server", "-c", config.toString(), "-i", "eth0;reboot");
        assertEquals(KnockCli.USAGE, result.status());
        assertTrue(result.err().startsWith("option -i: bad interface name 'eth0;reboot'"), result.err());
    }

    @Test
    void versionIsKnocksVersion() {
        Cli.Result result = Cli.run("server", "-V");
        assertEquals(KnockCli.OK, result.status());
        assertEquals(ManifestVersion.line() + System.lineSeparator(), result.out());
    }

    @Test
    void theInterfaceOptionWinsOverTheFilesInterface() throws Exception {
        Path config = Files.writeString(dir.resolve("knockd.conf"), "[options]\n  Interface = eth3\n[fixed]\n"
                + "  sequence = 7000,8000\n  command = true\n");
        assertEquals(java.util.Optional.of("wlan1"),
                ServerConfig.load(config, java.util.Optional.of("wlan1")).doors().get(0).capture().networkInterface());
    }

    @Test
    void aFixedDoorRunsItsStartCommandOnTheSequence() throws Exception {
        int[] ports = RunningServer.freeUdpPorts(3);
        Path opened = dir.resolve("opened");
        Path config = Files.writeString(dir.resolve("knockd.conf"), "[fixed]\n  sequence = " + ports[0] + ":udp,"
                + ports[1] + ":udp," + ports[2] + ":udp\n  seq_timeout = 5\n  capture = udp-socket\n"
                + "  listen = 127.0.0.1\n  command = touch " + opened + "\n  cmd_timeout = 1\n");
        try (RunningServer server = new RunningServer(config)) {
            assertTrue(server.output().contains("  fixed (fixed, sequence " + ports[0] + ":udp," + ports[1] + ":udp,"
                    + ports[2] + ":udp, capture udp-socket, launcher process)"), server.output());
            assertFalse(Files.exists(opened));
            Cli.Result knock = Cli.run("send", "127.0.0.1", ports[0] + ":udp", ports[1] + ":udp", ports[2] + ":udp");
            assertEquals(KnockCli.OK, knock.status(), knock.err());
            waitFor(() -> Files.exists(opened), "the door's command to run");
        }
    }

    @Test
    void logFileReceivesTheServersLogLinesAndPidFileHoldsItsProcessId() throws Exception {
        int[] ports = RunningServer.freeUdpPorts(3);
        Path opened = dir.resolve("opened");
        Path log = dir.resolve("knock.log");
        Path pid = dir.resolve("knock.pid");
        Path config = Files.writeString(dir.resolve("knockd.conf"), "[options]\n  LogFile = " + log + "\n  PidFile = "
                + pid + "\n[fixed]\n  sequence = " + ports[0] + ":udp," + ports[1] + ":udp," + ports[2] + ":udp\n"
                + "  capture = udp-socket\n  listen = 127.0.0.1\n  command = touch " + opened + "\n");
        try (RunningServer server = new RunningServer(config)) {
            assertTrue(server.output().startsWith("knock server: serving 1 door(s)"), server.output());
            assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(pid));
            Cli.Result knock = Cli.run("send", "127.0.0.1", ports[0] + ":udp", ports[1] + ":udp", ports[2] + ":udp");
            assertEquals(KnockCli.OK, knock.status(), knock.err());
            waitFor(() -> Files.exists(opened), "the door's command to run");
            waitFor(() -> readQuietly(log).contains("door fixed: sequence from 127.0.0.1 accepted"),
                    "the acceptance in the log file");
        }
        assertFalse(Files.exists(pid), "the pid file is removed when the server stops");
    }

    @Test
    void knocksForServicesTheDoorDoesNotOfferAreLoggedAsOneCountPerDoor() throws Exception {
        Path pad = dir.resolve("door.pad");
        Path log = dir.resolve("knock.log");
        int base = sealedDoorBase();
        Path config = sealedDoorConfig("");
        try (RunningServer server = new RunningServer(config)) {
            assertTrue(server.output().startsWith("knock server: serving 1 door(s)"), server.output());
            for (String command : List.of("6,1,0", "7,1,0", "5,1,0")) {
                Cli.Result knock = Cli.run("send", "127.0.0.1", "--pad", pad.toString(), "--state",
                        dir.resolve("client-state").toString(), "--base", Integer.toString(base), "--tag-digits", "7",
                        "--command", command);
                assertEquals(KnockCli.OK, knock.status(), knock.err());
            }
            // the knock for service 5 comes last from the same source: once it is in, so are the others
            waitFor(() -> readQuietly(log).contains("door sealed: knock from 127.0.0.1 accepted"),
                    "the acceptance in the log file");
        }
        String logged = readQuietly(log);
        // at least the two knocks sent for services 6 and 7: candidates their own later digits opened
        // (the matcher keeps overlapping candidates) may complete as more knocks refused alike
        Matcher summary = Pattern.compile("door sealed: (\\d+) knocks refused in the last \\d+ s: they asked for a "
                + "service the door does not offer").matcher(logged);
        assertTrue(summary.find(), logged);
        assertTrue(Integer.parseInt(summary.group(1)) >= 2, logged);
        assertFalse(logged.contains("COMMAND_NOT_ALLOWED"), logged);
    }

    /** The sealed door's base port: one per test JVM, so that builds running side by side do not share it. */
    private static int sealedDoorBase() {
        return 20000 + 512 * (int) (ProcessHandle.current().pid() % 80);
    }

    /**
     * The configuration of one sealed door (9-bit digits, 7 tag digits, service 5, udp-socket on
     * loopback) on a fresh pad {@code door.pad} of 3 knocks, logging to {@code knock.log}, with these
     * further {@code [options]} lines.
     */
    private Path sealedDoorConfig(String options) throws IOException {
        assertEquals(KnockCli.OK, Cli.run("pad", "generate", "--out", dir.resolve("door.pad").toString(), "--knocks",
                "3", "--bits", "9", "--tag-digits", "7", "--state", dir.resolve("server-state").toString()).status());
        return Files.writeString(dir.resolve("doors.conf"), "[options]\n  LogFile = " + dir.resolve("knock.log")
                + "\n" + options + "[sealed]\n  pad = door.pad\n  state = server-state\n  base_port = "
                + sealedDoorBase() + "\n  digit_bits = 9\n  tag_digits = 7\n  capture = udp-socket\n"
                + "  listen = 127.0.0.1\n  services = 5\n  start_command = /bin/true\n");
    }

    /** The log of a server of the sealed door with these further options, once it served and stopped. */
    private String logOfASealedDoorServedWith(String options) throws Exception {
        try (RunningServer server = new RunningServer(sealedDoorConfig(options))) {
            assertTrue(server.output().startsWith("knock server: serving 1 door(s)"), server.output());
        }
        return readQuietly(dir.resolve("knock.log"));
    }

    @Test
    void aServerWarmsUpItsOneTimeVerificationBeforeItServes() throws Exception {
        String logged = logOfASealedDoorServedWith("");
        assertTrue(logged.contains("verification warmed up on 300 scratch knocks of door sealed's profile in "), logged);
    }

    @Test
    void warmUpKnocksOfZeroLeaveTheWarmUpOut() throws Exception {
        String logged = logOfASealedDoorServedWith("  WarmUpKnocks = 0\n");
        assertTrue(logged.contains("knock server started"), logged);
        assertFalse(logged.contains("warmed up"), logged);
    }

    @Test
    void useSyslogWithoutASyslogSocketWarnsAndServes() throws Exception {
        Path socket = dir.resolve("no-daemon.sock");
        Path log = dir.resolve("knock.log");
        Path pid = dir.resolve("knock.pid");
        int[] ports = RunningServer.freeUdpPorts(2);
        Path config = Files.writeString(dir.resolve("knockd.conf"), "[options]\n  UseSyslog\n  LogFile = " + log
                + "\n  PidFile = " + pid + "\n[fixed]\n  sequence = " + ports[0] + ":udp," + ports[1] + ":udp\n"
                + "  capture = udp-socket\n  listen = 127.0.0.1\n  command = /bin/true\n");
        try (RunningServer server = new RunningServer(config, Cli.syslogAt(socket))) {
            assertTrue(server.output().startsWith("knock server: serving 1 door(s)"), server.output());
            assertTrue(Files.exists(pid), "the server runs");
            waitFor(() -> readQuietly(log).contains(" WARN ServerSyslog - UseSyslog: cannot connect to the syslog "
                    + "socket " + socket + ": No such file or directory; log lines go only to standard error or the "
                    + "LogFile until it accepts them"), "the warning in the log file");
        }
    }

    @Test
    void useSyslogSendsTheServersLogLinesToTheSyslogSocket() throws Exception {
        int[] ports = RunningServer.freeUdpPorts(2);
        Path socket = dir.resolve("log.sock");
        Path log = dir.resolve("knock.log");
        Path config = Files.writeString(dir.resolve("knockd.conf"), "[options]\n  UseSyslog\n  LogFile = " + log
                + "\n[fixed]\n  sequence = " + ports[0] + ":udp," + ports[1] + ":udp\n  capture = udp-socket\n"
                + "  listen = 127.0.0.1\n  command = /bin/true\n");
        try (UnixDatagramReceiver daemon = UnixDatagramReceiver.bind(socket);
                RunningServer server = new RunningServer(config, Cli.syslogAt(socket))) {
            assertTrue(server.output().startsWith("knock server: serving 1 door(s)"), server.output());
            Cli.Result knock = Cli.run("send", "127.0.0.1", ports[0] + ":udp", ports[1] + ":udp");
            assertEquals(KnockCli.OK, knock.status(), knock.err());
            String accepted = "door fixed: sequence from 127.0.0.1 accepted";
            String datagram = daemon.receiveText();
            while (!datagram.contains(accepted)) {
                datagram = daemon.receiveText();
            }
            assertTrue(datagram.matches("<30>[A-Z][a-z]{2} [ 1-3][0-9] \\d\\d:\\d\\d:\\d\\d knock\\["
                    + ProcessHandle.current().pid() + "\\]: INFO \\S+ - .*" + accepted + ".*"), datagram);
            waitFor(() -> readQuietly(log).contains(accepted), "the acceptance in the log file as well");
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Test
    void aSealedDoorOpensTheServiceTheKnockAsksFor() throws Exception {
        Path pad = dir.resolve("door.pad");
        assertEquals(KnockCli.OK, Cli.run("pad", "generate", "--out", pad.toString(), "--knocks", "5", "--bits", "9",
                "--tag-digits", "7", "--state", dir.resolve("server-state").toString()).status());
        int base = 20000 + 512 * (int) (ProcessHandle.current().pid() % 80);
        Path opened = dir.resolve("opened");
        Path config = Files.writeString(dir.resolve("doors.conf"), "[sealed]\n  pad = door.pad\n"
                + "  state = server-state\n  base_port = " + base + "\n  digit_bits = 9\n  tag_digits = 7\n"
                + "  capture = udp-socket\n  listen = 127.0.0.1\n  services = 5,6\n"
                + "  start_command = touch " + opened + "-%SERVICE%\n");
        try (RunningServer server = new RunningServer(config)) {
            assertTrue(server.output().contains("  sealed (sealed, ports " + base + ".." + (base + 511)
                    + "/udp, services [5, 6], capture udp-socket, launcher process)"), server.output());
            Cli.Result knock = Cli.run("send", "127.0.0.1", "--pad", pad.toString(), "--state",
                    dir.resolve("client-state").toString(), "--base", Integer.toString(base), "--tag-digits", "7",
                    "--command", "6,1,0");
            assertEquals(KnockCli.OK, knock.status(), knock.err());
            waitFor(() -> Files.exists(Path.of(opened + "-6")), "service 6 to open");
            Cli.Result info = Cli.run("pad", "info", pad.toString(), "--state", dir.resolve("server-state").toString(),
                    "--tag-digits", "7");
            assertTrue(info.out().contains("server: cursor 1, knocks left 4, failures 0"), info.out());
        }
        assertFalse(Files.exists(Path.of(opened + "-5")));
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
