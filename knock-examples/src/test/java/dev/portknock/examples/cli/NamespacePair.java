package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two network namespaces a system test makes, a client's and a server's, joined by a veth pair,
 * with an address of a documentation range on each end; and the commands such tests run. Names
 * carry this JVM's process id, so tests running at once do not collide.
 *
 * @param client the client's namespace
 * @param server the server's namespace
 * @param clientInterface the client's end of the pair
 * @param serverInterface the server's end of the pair, as named inside its namespace
 */
record NamespacePair(String client, String server, String clientInterface, String serverInterface) {
    /**
     * Makes both namespaces, links them and brings every link up; deletes what it made when a step fails.
     *
     * @param prefix what the names start with, unique to the test class
     * @param serverInterface the server end's name inside its namespace (e.g. knockd's default eth0)
     */
    static NamespacePair create(String prefix, String clientAddress, String serverAddress, String serverInterface)
            throws Exception {
        long id = ProcessHandle.current().pid() % 100_000;
        NamespacePair pair = new NamespacePair(prefix + "-c-" + id, prefix + "-s-" + id, prefix + id + "a",
                serverInterface);
        String serverVeth = prefix + id + "b";
        run(List.of("ip", "netns", "add", pair.client()));
        try {
            run(List.of("ip", "netns", "add", pair.server()));
            run(List.of("ip", "link", "add", pair.clientInterface(), "type", "veth", "peer", "name", serverVeth));
            run(List.of("ip", "link", "set", pair.clientInterface(), "netns", pair.client()));
            run(List.of("ip", "link", "set", serverVeth, "netns", pair.server()));
            if (!serverVeth.equals(serverInterface)) {
                run(List.of("ip", "-n", pair.server(), "link", "set", serverVeth, "name", serverInterface));
            }
            run(List.of("ip", "-n", pair.client(), "addr", "add", clientAddress + "/24", "dev", pair.clientInterface()));
            run(List.of("ip", "-n", pair.server(), "addr", "add", serverAddress + "/24", "dev", serverInterface));
            for (String[] link : new String[][] {{pair.client(), pair.clientInterface()}, {pair.server(), serverInterface},
                {pair.client(), "lo"}, {pair.server(), "lo"}}) {
                run(List.of("ip", "-n", link[0], "link", "set", link[1], "up"));
            }
        } catch (Exception | AssertionError e) {
            pair.delete();
            throw e;
        }
        return pair;
    }

    /** The name the server's end gets before it is renamed, for a pair whose server end keeps it. */
    static String defaultServerInterface(String prefix) {
        return prefix + ProcessHandle.current().pid() % 100_000 + "b";
    }

    /** Deletes both namespaces, and with them the pair. */
    void delete() throws Exception {
        for (String ns : List.of(client, server)) {
            new ProcessBuilder("ip", "netns", "del", ns).redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Runs a command to completion within 30 s; fails the test naming it when it exits non-zero. */
    static String run(List<String> command) throws IOException, InterruptedException {
        return run(command, Duration.ofSeconds(30));
    }

    /** Runs a command to completion; fails the test naming it when it exits non-zero. */
    static String run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), () -> String.join(" ", command) + " failed:\n" + text);
        return text;
    }

    /** Whether a program is on the PATH. */
    static boolean onPath(String tool) {
        for (String entry : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(entry, tool))) {
                return true;
            }
        }
        return false;
    }
}
