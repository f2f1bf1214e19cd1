package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code knock server} as a process of its own, as knockd's options and signals reach it: the
 * tests run {@code java ... Main server ...} from the test class path and talk to it over
 * loopback UDP.
 */
class ServerProcessTest {
    @TempDir
    Path dir;

    private final List<ProcessHandle> started = new ArrayList<>();

    @AfterEach
    void stopWhatTheTestStarted() throws Exception {
        for (ProcessHandle process : started) {
            process.destroy();
            process.onExit().get(15, TimeUnit.SECONDS);
        }
    }

    @Test
    void daemonReturnsOnceTheServerServesAndLeavesItRunning() throws Exception {
        int[] ports = RunningServer.freeUdpPorts(2);
        Path opened = dir.resolve("opened");
        Path pid = dir.resolve("knock.pid");
        Path config = fixedDoor(ports, "touch " + opened, "[options]\n  PidFile = " + pid + "\n  LogFile = "
                + dir.resolve("knock.log") + "\n");
        Process parent = start("server", "-d", "-c", config.toString());
        assertTrue(parent.waitFor(30, TimeUnit.SECONDS), "the -d command returned");
        String output = new String(parent.getInputStream().readAllBytes(), Charset.defaultCharset());
        assertEquals(KnockCli.OK, parent.exitValue(), output);
        long daemon = Long.parseLong(Files.readString(pid).strip());
        ProcessHandle.of(daemon).ifPresent(started::add);
        assertTrue(output.startsWith("knock server: serving 1 door(s) from " + config + " (daemon, process id " + daemon
                + ")"), output);
        assertTrue(ProcessHandle.of(daemon).map(ProcessHandle::isAlive).orElse(false), "the daemon runs");
        knock(ports);
        Poll.until(() -> Files.exists(opened), "the daemon to run the door's command");
    }

    @Test
    void daemonWithABrokenConfigurationFailsWithItsMessage() throws Exception {
        Path config = Files.writeString(dir.resolve("knockd.conf"), "[door]\n  sequense = 1,2\n");
        Process parent = start("server", "-d", "-c", config.toString());
        assertTrue(parent.waitFor(30, TimeUnit.SECONDS), "the -d command returned");
        String output = new String(parent.getInputStream().readAllBytes(), Charset.defaultCharset());
        assertEquals(KnockCli.FAILED, parent.exitValue(), output);
        assertTrue(output.startsWith("knock: " + config + ":2: "), output);
    }

    @Test
    void debugLogsAtDebugLevel() throws Exception {
        int[] ports = RunningServer.freeUdpPorts(2);
        Path log = dir.resolve("knock.log");
        Path config = fixedDoor(ports, "true", "");
        Process server = start("server", "-D", "-c", config.toString(), "-g", log.toString());
        started.add(server.toHandle());
        Poll.until(() -> Poll.read(log).contains("knock server started"), "the server to start");
        knock(ports);
        String debugLine = "DEBUG ProcessLauncher - door fixed source 127.0.0.1 service 0: running start command "
                + "[/bin/sh, -c, true]";
        try {
            Poll.until(() -> Poll.read(log).contains(debugLine), "a debug line in the log: " + debugLine);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + Poll.read(log), e);
        }
    }

    @Test
    void sighupReloadsTheConfigurationAndKeepsAnOpenService() throws Exception {
        int[] ports = RunningServer.freeUdpPorts(2);
        Path out = dir.resolve("out");
        Path log = dir.resolve("knock.log");
        Path config = fixedDoor(ports, "echo open-1 >> " + out + "\n  cmd_timeout = 3\n  stop_command = echo close-1 >> "
                + out, "");
        Process server = start("server", "-c", config.toString(), "-g", log.toString());
        started.add(server.toHandle());
        Poll.until(() -> Poll.read(log).contains("knock server started"), "the server to start");
        knock(ports);
        Poll.until(() -> Poll.read(out).equals("open-1\n"), "the first command");
        fixedDoor(ports, "echo open-2 >> " + out, "");
        hangUp(server);
        Poll.until(() -> Poll.read(log).contains("configuration reloaded from " + config), "the reload");
        knock(ports);
        Poll.until(() -> Poll.read(out).equals("open-1\nopen-2\nclose-1\n"), "the new command, then the first stop: " + out);
        assertTrue(server.isAlive(), "SIGHUP did not end the server");
    }

    @Test
    void sighupWithABrokenFileKeepsThePreviousConfigurationAndLogsWhy() throws Exception {
        int[] ports = RunningServer.freeUdpPorts(2);
        Path out = dir.resolve("out");
        Path log = dir.resolve("knock.log");
        Path config = fixedDoor(ports, "echo kept >> " + out, "");
        Process server = start("server", "-c", config.toString(), "-g", log.toString());
        started.add(server.toHandle());
        Poll.until(() -> Poll.read(log).contains("knock server started"), "the server to start");
        Files.writeString(config, "[door]\n  sequence = 1,2\n  comand = true\n");
        hangUp(server);
        Poll.until(() -> Poll.read(log).contains("ERROR ServerCommand - configuration not reloaded, the server keeps serving the "
                + "previous one: " + config + ":3: "), "the reason in the log");
        knock(ports);
        Poll.until(() -> Poll.read(out).equals("kept\n"), "the previous command");
        assertTrue(server.isAlive(), "SIGHUP did not end the server");
    }

    @Test
    void sighupRevokesAPadRemovedFromItsDoorsDirectoryAndLogsItsKnocksAsRevoked() throws Exception {
        Path team = Files.createDirectories(dir.resolve("team"));
        Path state = Files.createDirectories(dir.resolve("state"));
        for (String name : List.of("alice", "bob")) {
            Cli.Result generated = Cli.run("pad", "generate", "--out", team.resolve(name + ".pad").toString(),
                    "--knocks", "5", "--bits", "9", "--tag-digits", "7", "--state", state.toString());
            assertEquals(KnockCli.OK, generated.status(), generated.err());
        }
        Files.writeString(team.resolve("alice.pad.conf"), "label = alice-laptop\nservices = 22\n");
        Files.writeString(team.resolve("bob.pad.conf"), "label = bob-phone\n");
        int base = 20000 + 512 * (int) ((ProcessHandle.current().pid() + 40) % 80);
        Path log = dir.resolve("knock.log");
        Path config = Files.writeString(dir.resolve("knockd.conf"), "[team]\n  pad = " + team + "\n  state = " + state
                + "\n  base_port = " + base + "\n  digit_bits = 9\n  tag_digits = 7\n  services = 22, 443\n"
                + "  capture = udp-socket\n  listen = 127.0.0.1\n  start_command = /bin/true\n");
        Process server = start("server", "-c", config.toString(), "-g", log.toString());
        started.add(server.toHandle());
        Poll.until(() -> Poll.read(log).contains("knock server started"), "the server to start");
        sealedKnock(team.resolve("alice.pad"), base, "22,1,0");
        Poll.until(() -> Poll.read(log).contains("door team: knock from 127.0.0.1 accepted for alice-laptop (pad "),
                "alice's knock accepted under her label");

        Files.copy(team.resolve("bob.pad"), dir.resolve("bob-copy.pad"));
        Files.delete(team.resolve("bob.pad"));
        hangUp(server);
        Poll.until(() -> Poll.read(log).contains("configuration reloaded from " + config), "the reload");
        // bob's client still holds his pad: a copy taken before it left the door's directory
        sealedKnock(dir.resolve("bob-copy.pad"), base, "443,1,0");
        Poll.until(() -> Poll.read(log).contains("WARN KnockServer - door team: knock from 127.0.0.1 refused: pad"
                + " bob-phone was revoked"), "bob's knock refused as revoked");
        assertTrue(server.isAlive(), "SIGHUP did not end the server");
    }

    private void sealedKnock(Path pad, int base, String command) {
        Cli.Result knock = Cli.run("send", "127.0.0.1", "--pad", pad.toString(), "--state",
                dir.resolve("client-" + pad.getFileName()).toString(), "--base", Integer.toString(base),
                "--tag-digits", "7", "--command", command);
        assertEquals(KnockCli.OK, knock.status(), knock.err());
    }

    /** Starts a server journaling its openings, opens its door, and kills it with SIGKILL before the stop. */
    private Path openThenKill(int[] ports, Path out, int cmdTimeout) throws Exception {
        Path log = dir.resolve("knock.log");
        Path config = fixedDoor(ports, "echo open >> " + out + "\n  cmd_timeout = " + cmdTimeout
                + "\n  stop_command = echo close >> " + out, "[options]\n  HolesJournal = " + dir.resolve("holes") + "\n");
        Process first = start("server", "-c", config.toString(), "-g", log.toString());
        started.add(first.toHandle());
        Poll.until(() -> Poll.read(log).contains("knock server started"), "the server to start");
        knock(ports);
        Poll.until(() -> Poll.read(out).equals("open\n"), "the start command");
        first.destroyForcibly();
        assertTrue(first.waitFor(10, TimeUnit.SECONDS), "SIGKILL ended the server");
        assertEquals("open\n", Poll.read(out), "nothing closed the opening of the killed server");
        return config;
    }

    @Test
    void aServerKilledWithAnOpeningReArmsItsStopAfterARestart() throws Exception {
        int[] ports = RunningServer.freeUdpPorts(2);
        Path out = dir.resolve("out");
        Path config = openThenKill(ports, out, 6);
        Path log = dir.resolve("second.log");
        Process second = start("server", "-c", config.toString(), "-g", log.toString());
        started.add(second.toHandle());
        Poll.until(() -> Poll.read(log).contains("re-armed"), "the opening to be re-armed");
        assertEquals("open\n", Poll.read(out), "the stop waits for its time");
        Poll.until(() -> Poll.read(out).equals("open\nclose\n"), "the stop command when the opening's time ends");
    }

    @Test
    void aServerKilledWithAnOpeningClosesItAtRestartWhenItsTimeHasPassed() throws Exception {
        int[] ports = RunningServer.freeUdpPorts(2);
        Path out = dir.resolve("out");
        Path config = openThenKill(ports, out, 1);
        Thread.sleep(1500);
        Path log = dir.resolve("second.log");
        Process second = start("server", "-c", config.toString(), "-g", log.toString());
        started.add(second.toHandle());
        Poll.until(() -> Poll.read(out).equals("open\nclose\n"), "the stop command at start");
        Poll.until(() -> Poll.read(log).contains("closing it now"), "the log to say why");
    }

    /** SIGHUP to the process, as systemctl reload sends it. */
    static void hangUp(Process process) throws Exception {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
    }

    private Path fixedDoor(int[] ports, String command, String options) throws IOException {
        return Files.writeString(dir.resolve("knockd.conf"), options + "[fixed]\n  sequence = " + ports[0] + ":udp,"
                + ports[1] + ":udp\n  capture = udp-socket\n  listen = 127.0.0.1\n  command = " + command + "\n");
    }

    /** The fixed door's two UDP ports knocked on loopback, 50 ms apart. */
    static void knock(int[] ports) {
        Cli.Result knock = Cli.run("send", "127.0.0.1", ports[0] + ":udp", ports[1] + ":udp", "--delay-ms", "50");
        assertEquals(KnockCli.OK, knock.status(), knock.err());
    }

    /** {@code knock} with these arguments in a JVM of its own; output and error together. */
    static Process start(String... args) throws IOException {
        return new ProcessBuilder(javaCommand(args)).redirectErrorStream(true).start();
    }

    /** The command that runs {@code knock} with these arguments from the test class path. */
    static List<String> javaCommand(String... args) {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", classPath, Main.class.getName()));
        command.addAll(Arrays.asList(args));
        return command;
    }

}
