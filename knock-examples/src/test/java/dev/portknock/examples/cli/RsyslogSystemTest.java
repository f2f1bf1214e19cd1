package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code knock server}'s UseSyslog against a real rsyslogd: a daemon of the test's own, in the
 * foreground, listening on a socket in a temporary directory (not /dev/log) and writing what it
 * parsed (facility, severity, program name, pid, message) to a file there. The server runs in this
 * JVM, so the pid in its tag is this JVM's. Needs rsyslog (apt-get install -y rsyslog).
 */
@Tag("system")
class RsyslogSystemTest {
    private static final long PID = ProcessHandle.current().pid();
    private static final Duration DEADLINE = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private Process rsyslogd;
    private Path socket;
    private Path received;
    private Path rsyslogdOutput;

    @BeforeEach
    void startRsyslogd() throws Exception {
        Path executable = rsyslogd().orElseThrow(() -> new AssertionError(
                "rsyslogd is missing (neither on PATH nor /usr/sbin/rsyslogd): apt-get install -y rsyslog"));
        socket = dir.resolve("log");
        received = dir.resolve("received.log");
        rsyslogdOutput = dir.resolve("rsyslogd.out");
        Path work = Files.createDirectory(dir.resolve("rsyslog-work"));
        // %msg% keeps the space after "knock[PID]:", as RFC 3164 puts it into the message
        Path config = Files.writeString(dir.resolve("rsyslog.conf"), "global(workDirectory=\"" + work + "\")\n"
                + "module(load=\"imuxsock\" SysSock.Use=\"off\")\n"
                + "input(type=\"imuxsock\" Socket=\"" + socket + "\")\n"
                + "template(name=\"parsed\" type=\"string\" string=\"%syslogfacility-text%.%syslogseverity-text%"
                + " %programname%[%procid%]:%msg%\\n\")\n"
                + "action(type=\"omfile\" file=\"" + received + "\" template=\"parsed\")\n");
        rsyslogd = new ProcessBuilder(executable.toString(), "-n", "-f", config.toString(), "-i",
                dir.resolve("rsyslogd.pid").toString())
                .redirectErrorStream(true).redirectOutput(rsyslogdOutput.toFile()).start();
        Instant deadline = Instant.now().plus(DEADLINE);
        while (!Files.exists(socket)) {
            if (!rsyslogd.isAlive()) {
                throw new AssertionError("rsyslogd exited (" + rsyslogd.exitValue() + ") before creating " + socket
                        + "; its output:\n" + readQuietly(rsyslogdOutput));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("rsyslogd did not create " + socket + " within " + DEADLINE.toSeconds()
                        + " s; its output:\n" + readQuietly(rsyslogdOutput));
            }
            Thread.sleep(20);
        }
    }

    @AfterEach
    void stopRsyslogd() throws InterruptedException {
        if (rsyslogd == null) {
            return;
        }
        rsyslogd.destroy();
        if (!rsyslogd.waitFor(15, TimeUnit.SECONDS)) {
            rsyslogd.destroyForcibly();
            rsyslogd.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void anAcceptedKnockReachesRsyslogAsDaemonInfoFromKnockWithTheServersPid() throws Exception {
        int[] ports = RunningServer.freeUdpPorts(2);
        Path config = Files.writeString(dir.resolve("knockd.conf"), "[options]\n  UseSyslog\n[fixed]\n  sequence = "
                + ports[0] + ":udp," + ports[1] + ":udp\n  capture = udp-socket\n  listen = 127.0.0.1\n"
                + "  command = /bin/true\n");
        try (RunningServer server = new RunningServer(config, Cli.syslogAt(socket))) {
            assertTrue(server.output().startsWith("knock server: serving 1 door(s)"), server.output());
            Cli.Result knock = Cli.run("send", "127.0.0.1", ports[0] + ":udp", ports[1] + ":udp");
            assertEquals(KnockCli.OK, knock.status(), knock.err());
            awaitLine("daemon.info knock[" + PID
                    + "]: INFO KnockServer - door fixed: sequence from 127.0.0.1 accepted");
        }
    }

    @Test
    void aWarningReachesRsyslogWithSeverityWarning() throws Exception {
        // a pad of one knock: the knock that opens the door uses the pad up, which the verifier warns about
        Path pad = dir.resolve("door.pad");
        assertEquals(KnockCli.OK, Cli.run("pad", "generate", "--out", pad.toString(), "--knocks", "1", "--bits", "9",
                "--tag-digits", "7", "--state", dir.resolve("server-state").toString()).status());
        int base = 20000 + 512 * (int) (PID % 80);
        Path config = Files.writeString(dir.resolve("doors.conf"), "[options]\n  UseSyslog\n[sealed]\n"
                + "  pad = door.pad\n  state = server-state\n  base_port = " + base + "\n  digit_bits = 9\n"
                + "  tag_digits = 7\n  capture = udp-socket\n  listen = 127.0.0.1\n  services = 5\n"
                + "  start_command = /bin/true\n");
        try (RunningServer server = new RunningServer(config, Cli.syslogAt(socket))) {
            assertTrue(server.output().startsWith("knock server: serving 1 door(s)"), server.output());
            Cli.Result knock = Cli.run("send", "127.0.0.1", "--pad", pad.toString(), "--state",
                    dir.resolve("client-state").toString(), "--base", Integer.toString(base), "--tag-digits", "7",
                    "--command", "5,1,0");
            assertEquals(KnockCli.OK, knock.status(), knock.err());
            awaitLine(Pattern.compile("daemon\\.warning knock\\[" + PID
                    + "\\]: WARN DoorVerifier - pad .+ is exhausted"));
        }
    }

    private void awaitLine(String line) throws InterruptedException {
        awaitLine(Pattern.compile(Pattern.quote(line)));
    }

    /** Polls rsyslogd's output file, which it writes asynchronously, for a whole line matching {@code line}. */
    private void awaitLine(Pattern line) throws InterruptedException {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (readQuietly(received).lines().noneMatch(written -> line.matcher(written).matches())) {
            if (!rsyslogd.isAlive()) {
                throw new AssertionError("rsyslogd exited (" + rsyslogd.exitValue() + "); its output:\n"
                        + readQuietly(rsyslogdOutput));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no line matching " + line + " from rsyslogd within " + DEADLINE.toSeconds()
                        + " s; it wrote:\n" + readQuietly(received) + "rsyslogd's output:\n"
                        + readQuietly(rsyslogdOutput));
            }
            Thread.sleep(50);
        }
    }

    /** rsyslogd on PATH, or where Debian puts it (/usr/sbin is not on every user's PATH). */
    private static Optional<Path> rsyslogd() {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        return Stream.concat(Stream.of(path.split(":")), List.of("/usr/sbin", "/sbin").stream())
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry, "rsyslogd"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static String readQuietly(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
