package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.examples.logging.UnixDatagramReceiver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code knock server} as a {@code Type=notify} service: a process of its own with NOTIFY_SOCKET in
 * its environment, naming a unix datagram socket the test binds as systemd would, and a door on
 * loopback UDP.
 */
class ServerNotifyTest {
    /** A server JVM starts in seconds, more on a loaded machine. */
    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopWhatTheTestStarted() throws Exception {
        for (Process process : started) {
            process.destroyForcibly();
            process.onExit().get(15, TimeUnit.SECONDS);
        }
    }

    @Test
    void readyComesOnceTheDoorsCaptureIsOpenSoAKnockSentAtOnceIsSeen() throws Exception {
        int[] ports = RunningServer.freeUdpPorts(2);
        Path opened = dir.resolve("opened");
        // a capture that takes two seconds to start: READY=1 before it would send the knock into nothing
        Path config = door(ports, SlowStartCaptureProvider.ID, "touch " + opened);
        try (UnixDatagramReceiver systemd = UnixDatagramReceiver.bind(dir.resolve("notify"), START)) {
            serve(config, dir.resolve("notify").toString());
            assertEquals("READY=1\nSTATUS=serving 1 door(s) from " + config + "\n", systemd.receiveText());
            // one knock, not retried: had the capture not been open yet, its datagrams would be lost
            ServerProcessTest.knock(ports);
            Poll.until(() -> Files.exists(opened), "the door's command, for the knock sent right after READY=1");
        }
    }

    @Test
    void aSighupWhileTheCapturesStartTellsSystemdNothingBeforeTheStartsReady() throws Exception {
        int[] ports = RunningServer.freeUdpPorts(2);
        Path opened = dir.resolve("opened");
        Path starting = dir.resolve("starting");
        Path config = door(ports, SlowStartCaptureProvider.ID + "\n  capture_option." + SlowStartCaptureProvider.STARTING
                + " = " + starting, "touch " + opened);
        try (UnixDatagramReceiver systemd = UnixDatagramReceiver.bind(dir.resolve("notify"), START)) {
            Process server = serve(config, dir.resolve("notify").toString(), "-g", dir.resolve("knock.log").toString());
            // the SIGHUP handler is in place before the captures start; this one's reload ends within their two seconds
            Poll.until(() -> Files.exists(starting), "the capture's start to begin");
            ServerProcessTest.hangUp(server);
            assertEquals("READY=1\nSTATUS=serving 1 door(s) from " + config + "\n", systemd.receiveText());
            assertTrue(Poll.read(dir.resolve("knock.log")).contains("configuration reloaded from " + config),
                    Poll.read(dir.resolve("knock.log")));
            ServerProcessTest.knock(ports);
            Poll.until(() -> Files.exists(opened), "the door's command");
        }
    }

    @Test
    void aReloadIsReloadingWithTheMonotonicTimeThenReadyWithTheOutcome() throws Exception {
        int[] ports = RunningServer.freeUdpPorts(2);
        Path out = dir.resolve("out");
        Path config = fixedDoor(ports, "echo first >> " + out);
        try (UnixDatagramReceiver systemd = UnixDatagramReceiver.bind(dir.resolve("notify"), START)) {
            Process server = serve(config, dir.resolve("notify").toString());
            assertTrue(systemd.receiveText().startsWith("READY=1\n"));
            fixedDoor(ports, "echo second >> " + out);
            long before = System.nanoTime() / 1_000L;
            ServerProcessTest.hangUp(server);
            String reloading = systemd.receiveText();
            long after = System.nanoTime() / 1_000L;
            Matcher message = Pattern.compile("RELOADING=1\nMONOTONIC_USEC=(\\d+)\nSTATUS=reloading "
                    + Pattern.quote(config.toString()) + " \\(reload 1\\)\n").matcher(reloading);
            assertTrue(message.matches(), reloading);
            // HotSpot's nanoTime is CLOCK_MONOTONIC on Linux, which both processes share
            long monotonic = Long.parseLong(message.group(1));
            assertTrue(before <= monotonic && monotonic <= after, before + " <= " + monotonic + " <= " + after);
            assertEquals("READY=1\nSTATUS=reload 1 applied: serving 1 door(s) from " + config + "\n",
                    systemd.receiveText());
            // in force once READY=1 is sent: the first knock after it runs the new command
            ServerProcessTest.knock(ports);
            Poll.until(() -> Poll.read(out).equals("second\n"), "the reloaded door's command");
        }
    }

    @Test
    void aRefusedReloadIsReadyWithTheReasonAndThePreviousConfigurationStays() throws Exception {
        int[] ports = RunningServer.freeUdpPorts(2);
        Path out = dir.resolve("out");
        Path config = fixedDoor(ports, "echo kept >> " + out);
        try (UnixDatagramReceiver systemd = UnixDatagramReceiver.bind(dir.resolve("notify"), START)) {
            Process server = serve(config, dir.resolve("notify").toString());
            assertTrue(systemd.receiveText().startsWith("READY=1\n"));
            Files.writeString(config, "[door]\n  sequence = 1,2\n  comand = true\n");
            ServerProcessTest.hangUp(server);
            assertTrue(systemd.receiveText().startsWith("RELOADING=1\n"));
            String ready = systemd.receiveText();
            assertTrue(ready.startsWith("READY=1\nSTATUS=reload 1 refused, still serving 1 door(s) from " + config
                    + ": " + config + ":3: "), ready);
            ServerProcessTest.knock(ports);
            Poll.until(() -> Poll.read(out).equals("kept\n"), "the previous door's command");
        }
    }

    @Test
    void sigtermIsStoppingBeforeTheServerCloses() throws Exception {
        int[] ports = RunningServer.freeUdpPorts(2);
        Path config = fixedDoor(ports, "/bin/true");
        try (UnixDatagramReceiver systemd = UnixDatagramReceiver.bind(dir.resolve("notify"), START)) {
            Process server = serve(config, dir.resolve("notify").toString());
            assertTrue(systemd.receiveText().startsWith("READY=1\n"));
            server.destroy();
            assertEquals("STOPPING=1\nSTATUS=stopping: closing the capture and the services the server opened\n",
                    systemd.receiveText());
            assertTrue(server.waitFor(15, TimeUnit.SECONDS), "the server ended");
        }
    }

    @Test
    void aNotifySocketNobodyListensOnIsLoggedOnceAndTheServerServes() throws Exception {
        int[] ports = RunningServer.freeUdpPorts(2);
        Path opened = dir.resolve("opened");
        Path log = dir.resolve("knock.log");
        Path config = fixedDoor(ports, "touch " + opened);
        Path missing = dir.resolve("no-systemd");
        Process server = serve(config, missing.toString(), "-g", log.toString());
        Poll.until(() -> Poll.read(log).contains("knock server started"), "the server to start");
        ServerProcessTest.hangUp(server);
        Poll.until(() -> Poll.read(log).contains("configuration reloaded from " + config), "the reload");
        ServerProcessTest.knock(ports);
        Poll.until(() -> Files.exists(opened), "the door's command");
        String warning = "WARN SystemdNotifier - cannot notify systemd: NOTIFY_SOCKET " + missing
                + ": No such file or directory; the server goes on without telling it (logged once)";
        String logged = Poll.read(log);
        assertEquals(1, logged.split(Pattern.quote(warning), -1).length - 1, logged);
        assertTrue(server.isAlive(), "the server serves on");
    }

    /** {@code knock server -c CONFIG ARGS} in a JVM of its own with NOTIFY_SOCKET set. */
    private Process serve(Path config, String notifySocket, String... args) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("server", "-c", config.toString()));
        arguments.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(ServerProcessTest.javaCommand(arguments.toArray(String[]::new)))
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.out").toFile());
        builder.environment().put("NOTIFY_SOCKET", notifySocket);
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private Path fixedDoor(int[] ports, String command) throws IOException {
        return door(ports, "udp-socket", command);
    }

    /** A fixed door on the two loopback UDP ports, watched by {@code capture} (and the lines that follow it). */
    private Path door(int[] ports, String capture, String command) throws IOException {
        return Files.writeString(dir.resolve("knockd.conf"), "[fixed]\n  sequence = " + ports[0] + ":udp," + ports[1]
                + ":udp\n  capture = " + capture + "\n  listen = 127.0.0.1\n  command = " + command + "\n");
    }
}
