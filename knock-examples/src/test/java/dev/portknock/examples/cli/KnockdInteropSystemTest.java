package dev.portknock.examples.cli;

import static dev.portknock.examples.cli.NamespacePair.onPath;
import static dev.portknock.examples.cli.NamespacePair.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interoperability with Debian's knockd and knock, across two network namespaces this test
 * creates: a client namespace (192.0.2.1) and a server namespace (192.0.2.2) joined by a veth
 * pair. knockd, {@code knock server} and every knock run inside them; nothing touches the host's
 * own interfaces. Needs root, iproute2, knockd and knock (apt-get install -y knockd iproute2).
 */
@Tag("system")
class KnockdInteropSystemTest {
    private static final String CLIENT_ADDRESS = "192.0.2.1";
    private static final String SERVER_ADDRESS = "192.0.2.2";
    private static final String PREFIX = "pkcli";
    private static final String SERVER_VETH = NamespacePair.defaultServerInterface(PREFIX);
    private static NamespacePair namespaces;

    @TempDir
    Path dir;

    @BeforeAll
    static void createNamespaces() throws Exception {
        String uid = run(List.of("id", "-u"), Duration.ofSeconds(5)).strip();
        assertEquals("0", uid, "the knockd interop tests need root (network namespaces)");
        for (String tool : List.of("ip", "knockd", "knock")) {
            assertTrue(onPath(tool), tool + " is missing: apt-get install -y knockd iproute2");
        }
        namespaces = NamespacePair.create(PREFIX, CLIENT_ADDRESS, SERVER_ADDRESS, SERVER_VETH);
    }

    @AfterAll
    static void deleteNamespaces() throws Exception {
        // deleting a namespace deletes the veth end in it, and with it the pair
        if (namespaces != null) {
            namespaces.delete();
        }
    }

    @Test
    void rawKnocksFromAnExportedPadOpenAKnockdDoorOnceEach() throws Exception {
        Path pad = generatePad();
        Path sequences = dir.resolve("sequences");
        assertEquals(KnockCli.OK, Cli.run("pad", "export-knockd", "--pad", pad.toString(), "--state",
                dir.resolve("server-state").toString(), "--base", "20000", "--length", "4", "--udp", "--out",
                sequences.toString()).status());
        Path opened = dir.resolve("opened");
        Path log = dir.resolve("knockd.log");
        Path config = Files.writeString(dir.resolve("knockd.conf"), "[options]\n    LogFile = " + log + "\n"
                + "[otp]\n    One_Time_Sequences = " + sequences + "\n    Seq_Timeout = 10\n"
                + "    Command = /bin/sh -c 'echo %IP% >> " + opened + "'\n");
        Process knockd = startIn(namespaces.server(), List.of("knockd", "-i", SERVER_VETH, "-c", config.toString(), "-D"),
                dir.resolve("knockd.out"));
        try {
            waitFor(() -> contains(log, "listening on " + SERVER_VETH), "knockd to start", knockd);
            List<String> firstPorts = List.of();
            for (int knock = 1; knock <= 3; knock++) {
                String out = knockIn(namespaces.client(), "send", SERVER_ADDRESS, "--pad", pad.toString(), "--state",
                        dir.resolve("client-state").toString(), "--scheme", "raw", "--command-digits", "0",
                        "--tag-digits", "4", "--base", "20000", "--udp", "--delay-ms", "20");
                if (knock == 1) {
                    firstPorts = portsOf(out);
                }
                int expected = knock;
                waitFor(() -> lines(opened) == expected, "knockd to run its command " + expected + " times", knockd);
            }
            assertEquals(List.of(CLIENT_ADDRESS, CLIENT_ADDRESS, CLIENT_ADDRESS), Files.readAllLines(opened));

            List<String> replay = new ArrayList<>(List.of("send", SERVER_ADDRESS));
            firstPorts.forEach(port -> replay.add(port + ":udp"));
            replay.addAll(List.of("--delay-ms", "20"));
            knockIn(namespaces.client(), replay.toArray(String[]::new));
            Thread.sleep(3000);
            assertEquals(3, lines(opened), "a used sequence opened knockd's door again");
        } finally {
            stop(knockd);
        }
    }

    @Test
    void knockdsKnockClientOpensFixedAndRawDoorsOfKnockServer() throws Exception {
        Path pad = generatePad();
        Path sequences = dir.resolve("sequences");
        assertEquals(KnockCli.OK, Cli.run("pad", "export-knockd", "--pad", pad.toString(), "--state",
                dir.resolve("server-state").toString(), "--base", "21000", "--length", "4", "--udp", "--out",
                sequences.toString()).status());
        Path fixedOpened = dir.resolve("fixed-opened");
        Path rawOpened = dir.resolve("raw-opened-0");
        Path rawClosed = dir.resolve("raw-closed");
        Path config = Files.writeString(dir.resolve("doors.conf"), "[fixed]\n"
                + "    sequence = 7000:udp,8000:udp,9000:udp\n    seq_timeout = 5\n    capture = udp-socket\n"
                + "    listen = " + SERVER_ADDRESS + "\n    command = touch " + fixedOpened + "\n    cmd_timeout = 5\n"
                + "[raw]\n    scheme = raw\n    pad = " + pad + "\n    state = server-state\n    base_port = 21000\n"
                + "    digit_bits = 12\n    command_digits = 0\n    tag_digits = 4\n    protocol = udp\n"
                + "    capture = udp-socket\n    listen = " + SERVER_ADDRESS + "\n    services = 0\n"
                + "    start_command = touch " + dir.resolve("raw-opened-%SERVICE%") + "\n"
                + "    stop_command = touch " + rawClosed + "\n    cmd_timeout = 1\n");
        Path serverOut = dir.resolve("server.out");
        Process server = startIn(namespaces.server(), java("server", "--config", config.toString()), serverOut);
        try {
            waitFor(() -> contains(serverOut, "knock server: serving 2 door(s)"), "knock server to start", server);

            run(List.of("ip", "netns", "exec", namespaces.client(), "knock", "-u", "-d", "20", SERVER_ADDRESS,
                    "7000", "8000", "9000"), Duration.ofSeconds(10));
            waitFor(() -> Files.exists(fixedOpened), "the fixed door to open", server);

            List<String> lines = Files.readAllLines(sequences);
            run(knockdKnock(lines.get(0)), Duration.ofSeconds(10));
            waitFor(() -> Files.exists(rawOpened), "the raw door to open", server);
            // a valid knock while the service is open would only extend it: replay once it is closed
            waitFor(() -> Files.exists(rawClosed), "the raw door to close after 1 s", server);

            Files.delete(rawOpened);
            run(knockdKnock(lines.get(0)), Duration.ofSeconds(10));
            Thread.sleep(2000);
            assertFalse(Files.exists(rawOpened), "a used sequence opened the raw door again");

            run(knockdKnock(lines.get(1)), Duration.ofSeconds(10));
            waitFor(() -> Files.exists(rawOpened), "the raw door to open with the next sequence", server);
        } finally {
            stop(server);
        }
    }

    private Path generatePad() {
        Path pad = dir.resolve("door.pad");
        assertEquals(KnockCli.OK, Cli.run("pad", "generate", "--out", pad.toString(), "--digits", "40", "--state",
                dir.resolve("server-state").toString()).status());
        return pad;
    }

    /** knockd's knock client sending one line of a one-time-sequences file: {@code " p1:udp,p2:udp,..."}. */
    private static List<String> knockdKnock(String line) {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespaces.client(), "knock", "-d", "20",
                SERVER_ADDRESS));
        command.addAll(Arrays.asList(line.strip().split(",")));
        return command;
    }

    /** Runs {@code knock} (this build, on the test class path) inside a namespace; returns its output. */
    private static String knockIn(String ns, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        command.addAll(java(args));
        return run(command, Duration.ofSeconds(30));
    }

    private static List<String> java(String... args) {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, Main.class.getName()));
        command.addAll(Arrays.asList(args));
        return command;
    }

    private static List<String> portsOf(String sendOutput) {
        int at = sendOutput.indexOf("ports ");
        int end = sendOutput.indexOf('\n', at);
        return Arrays.asList(sendOutput.substring(at + 6, end).strip().split(","));
    }

    private static Process startIn(String ns, List<String> command, Path output) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(command);
        return new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }


    private static boolean contains(Path file, String text) {
        try {
            return Files.exists(file) && Files.readString(file).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static int lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (IOException e) {
            return -1;
        }
    }

    private static void waitFor(BooleanSupplier condition, String what, Process process) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError("process exited (" + process.exitValue() + ") while waiting for " + what);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
