package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code ssh} through {@code knock connect} as its {@code ProxyCommand}, across two network
 * namespaces this test creates: in the server's ({@value #SERVER_ADDRESS}), {@code knock server}
 * with a sealed door watched by libpcap whose {@code nftables} launcher drops new connections to
 * port 22 unless a knock opened it, and a real {@code sshd} on port 22; in the client's
 * ({@value #CLIENT_ADDRESS}), {@code ssh -o ProxyCommand='knock connect %h %p'} with a named host
 * of the client configuration. Needs root, iproute2, nftables, libpcap, openssh-client and
 * openssh-server (a missing one fails the test). The namespaces and processes are removed afterwards.
 */
@Tag("system")
class SshThroughConnectSystemTest {
    private static final String SERVER_ADDRESS = "192.0.2.1";
    private static final String CLIENT_ADDRESS = "192.0.2.10";
    private static final long ID = ProcessHandle.current().pid() % 100_000;
    private static final String CLIENT_NS = "pkssh-c-" + ID;
    private static final String SERVER_NS = "pkssh-s-" + ID;
    private static final String CLIENT_VETH = "pks" + ID + "a";
    private static final String SERVER_VETH = "pks" + ID + "b";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final Deque<Process> processes = new ArrayDeque<>();
    private final List<String> namespaces = new ArrayList<>();

    @BeforeEach
    void startDoorAndSshd() throws Exception {
        assertEquals("0", run(List.of("id", "-u")).strip(), "the ssh system test needs root (network namespaces)");
        for (String tool : List.of("ip", "nft", "ssh", "ssh-keygen", "/usr/sbin/sshd")) {
            assertEquals(0, new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor(),
                    tool + " is missing: apt-get install -y iproute2 nftables openssh-client openssh-server");
        }
        createNamespaces();
        Path pad = dir.resolve("door.pad");
        assertEquals(KnockCli.OK, Cli.run("pad", "generate", "--out", pad.toString(), "--knocks", "10", "--state",
                dir.resolve("server-state").toString()).status());

        Path serverConfig = Files.writeString(dir.resolve("server.conf"), """
                [options]
                  Interface = %s
                [ssh]
                  pad = door.pad
                  state = server-state
                  base_port = 40000
                  capture = pcap
                  services = 22
                  launcher = nftables
                  nft_table = inet portknock
                  nft_set = allowed_ssh
                  nft_port = 22
                  nft_create = yes
                """.formatted(SERVER_VETH));
        Path serverOut = dir.resolve("server.out");
        start(SERVER_NS, ThisBuild.knock("server", "--config", serverConfig.toString()), serverOut);
        awaitLine(serverOut, "knock server: serving");

        startSshd();
    }

    private void startSshd() throws Exception {
        run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("host_key").toString()));
        run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("client_key").toString()));
        Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
        // sshd's privilege separation directory, which its package leaves to the service manager
        Files.createDirectories(Path.of("/run/sshd"));
        Path config = Files.writeString(dir.resolve("sshd_config"), """
                ListenAddress %s
                Port 22
                HostKey %s
                AuthorizedKeysFile %s
                PidFile %s
                PermitRootLogin prohibit-password
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                UsePAM no
                StrictModes no
                """.formatted(SERVER_ADDRESS, dir.resolve("host_key"), dir.resolve("authorized_keys"),
                dir.resolve("sshd.pid")));
        Path log = dir.resolve("sshd.log");
        start(SERVER_NS, List.of("/usr/sbin/sshd", "-D", "-e", "-f", config.toString()), log);
        awaitLine(log, "Server listening on " + SERVER_ADDRESS + " port 22");
    }

    @AfterEach
    void stopEverything() throws Exception {
        while (!processes.isEmpty()) {
            Process process = processes.pop();
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
        for (String ns : namespaces) {
            new ProcessBuilder("ip", "netns", "del", ns).redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void sshConnectsThroughTheDoorWithOneKnockAndAgainWithoutOneWhileItIsOpen() throws Exception {
        Path clientConfig = Files.writeString(dir.resolve("client.conf"), """
                [gateway]
                  host = %s
                  pad = door.pad
                  state = client-state
                  base = 40000
                  service = 22
                  duration = 30
                  delay = 0
                """.formatted(SERVER_ADDRESS));
        Files.setPosixFilePermissions(clientConfig, PosixFilePermissions.fromString("rw-------"));
        List<String> connect = ThisBuild.knock("connect", "%h", "%p", "--config", clientConfig.toString(), "--probe-ms", "500");

        Result closed = runIn(CLIENT_NS, ThisBuild.knock("connect", SERVER_ADDRESS, "22", "--probe-ms", "1000"), "");
        assertEquals(KnockCli.USAGE, closed.status(), closed.err());
        assertTrue(closed.err().contains("port 22 on " + SERVER_ADDRESS + " does not accept connections"), closed.err());

        Result first = runIn(CLIENT_NS, ssh(connect, "echo through the door"), "");
        assertEquals(0, first.status(), first.err());
        assertEquals("through the door\n", first.out());
        assertTrue(first.err().matches("(?s).*sent knock 0 of pad [0-9a-f]+ to " + SERVER_ADDRESS.replace(".", "\\.")
                + ", 9 knocks left; port 22 accepted after [0-9.]+ s.*"), first.err());

        Result second = runIn(CLIENT_NS, ssh(connect, "cat"), "stdin reaches the server\n");
        assertEquals(0, second.status(), second.err());
        assertEquals("stdin reaches the server\n", second.out());
        assertTrue(second.err().contains("port 22 on " + SERVER_ADDRESS + " accepts connections already: no knock spent"),
                second.err());
    }

    private List<String> ssh(List<String> proxyCommand, String remoteCommand) {
        return List.of("ssh", "-F", "/dev/null", "-i", dir.resolve("client_key").toString(), "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                "-o", "ProxyCommand=" + String.join(" ", proxyCommand), "root@gateway", remoteCommand);
    }

    private void createNamespaces() throws Exception {
        for (String ns : List.of(CLIENT_NS, SERVER_NS)) {
            run(List.of("ip", "netns", "add", ns));
            namespaces.add(ns);
        }
        run(List.of("ip", "link", "add", CLIENT_VETH, "netns", CLIENT_NS, "type", "veth", "peer", "name", SERVER_VETH,
                "netns", SERVER_NS));
        run(List.of("ip", "-n", CLIENT_NS, "addr", "add", CLIENT_ADDRESS + "/24", "dev", CLIENT_VETH));
        run(List.of("ip", "-n", SERVER_NS, "addr", "add", SERVER_ADDRESS + "/24", "dev", SERVER_VETH));
        for (String[] link : new String[][] {{CLIENT_NS, CLIENT_VETH}, {SERVER_NS, SERVER_VETH}, {CLIENT_NS, "lo"},
            {SERVER_NS, "lo"}}) {
            run(List.of("ip", "-n", link[0], "link", "set", link[1], "up"));
        }
    }

    private void start(String ns, List<String> command, Path output) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(command);
        processes.push(new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start());
    }

    private static void awaitLine(Path output, String text) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Files.exists(output) || !Files.readString(output, StandardCharsets.UTF_8).contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + text + "' within " + WAIT.toSeconds() + " s in " + output + ":\n"
                        + (Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : ""));
            }
            Thread.sleep(100);
        }
    }

    /**
     * What a command did.
     *
     * @param status its exit status
     * @param out standard output
     * @param err standard error
     */
    private record Result(int status, String out, String err) {
    }

    /** Runs a command in a namespace with {@code input} on its standard input; waits for it to end. */
    private Result runIn(String ns, List<String> command, String input) throws Exception {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(command);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process process = new ProcessBuilder(full).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + full + "\n" + Files.readString(err));
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "timed out: " + command);
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), () -> String.join(" ", command) + " failed:\n" + text);
        return text;
    }
}
