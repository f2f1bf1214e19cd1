package dev.portknock.runtime.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.spi.Launch;
import dev.portknock.spi.LaunchRequest;
import dev.portknock.spi.Launcher;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nftables launcher against the real nft and kernel, inside a network namespace the test
 * creates and removes, so the host's firewall is never touched. Needs root, iproute2 and nftables;
 * a missing one fails the test.
 */
@Tag("system")
class NftablesSystemTest {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private String namespace;
    private Path nftInNamespace;

    @BeforeEach
    void createNamespace() throws IOException {
        CommandRunner.Result uid = run("id", "-u");
        assertEquals("0", uid.output(), "the nftables system test runs as root");
        namespace = "pk-test-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
        CommandRunner.Result added = run("ip", "netns", "add", namespace);
        assertTrue(added.succeeded(), "ip netns add " + namespace + ": " + added.output());
        nftInNamespace = dir.resolve("nft-in-namespace");
        Files.writeString(nftInNamespace, "#!/bin/sh\nexec ip netns exec " + namespace + " nft \"$@\"\n");
        Files.setPosixFilePermissions(nftInNamespace, PosixFilePermissions.fromString("rwx------"));
        CommandRunner.Result version = run(nftInNamespace.toString(), "--version");
        assertTrue(version.succeeded(), "nft runs in the namespace: " + version.output());
    }

    @AfterEach
    void removeNamespace() throws IOException {
        if (namespace != null) {
            CommandRunner.Result deleted = run("ip", "netns", "del", namespace);
            assertTrue(deleted.succeeded(), "ip netns del " + namespace + ": " + deleted.output());
        }
    }

    private static CommandRunner.Result run(String... command) throws IOException {
        return CommandRunner.run(List.of(command), Optional.empty(), COMMAND_TIMEOUT);
    }

    private String nft(String... arguments) throws IOException {
        String[] command = new String[arguments.length + 1];
        command[0] = nftInNamespace.toString();
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        CommandRunner.Result result = run(command);
        assertTrue(result.succeeded(), "nft " + String.join(" ", arguments) + ": " + result.output());
        return result.output();
    }

    private String listSet(String set) throws IOException {
        return nft("list", "set", "inet", "portknock", set);
    }

    private Launcher launcher(String... keysAndValues) throws IOException {
        Map<String, String> settings = new HashMap<>();
        settings.put("nft", nftInNamespace.toString());
        for (int i = 0; i < keysAndValues.length; i += 2) {
            settings.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new NftablesLauncherProvider().create(settings);
    }

    private static LaunchRequest request(String source, Duration duration) throws IOException {
        return new LaunchRequest("door-a", 1, InetAddress.getByName(source), duration);
    }

    /** Polls the set until the text is gone from it; false when it is still there after the bound. */
    private boolean disappears(String set, String text, Duration bound) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (!listSet(set).contains(text)) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    @Test
    void createMakesTheTableSetsAndChain() throws IOException {
        launcher("port", "2222", "create", "true");
        String ruleset = nft("list", "table", "inet", "portknock");
        assertTrue(ruleset.contains("type ipv4_addr . inet_service"), ruleset);
        assertTrue(ruleset.contains("type ipv6_addr . inet_service"), ruleset);
        assertTrue(ruleset.contains("ip saddr . tcp dport @allowed_v4 accept"), ruleset);
        assertTrue(ruleset.contains("ip6 saddr . tcp dport @allowed_v6 accept"), ruleset);
        assertTrue(ruleset.contains("tcp dport 2222 ct state new drop"), ruleset);
    }

    @Test
    void startAddsAnElementThatTheKernelExpiresByItself() throws Exception {
        launcher("port", "2222", "create", "true").start(request("192.0.2.10", Duration.ofSeconds(2)));
        assertTrue(listSet("allowed_v4").contains("192.0.2.10 . 2222"), listSet("allowed_v4"));
        assertTrue(disappears("allowed_v4", "192.0.2.10 . 2222", Duration.ofSeconds(15)),
                "the element expired: " + listSet("allowed_v4"));
    }

    @Test
    void stopDeletesTheElement() throws Exception {
        Launch launch = launcher("port", "2222", "create", "true").start(request("192.0.2.10", Duration.ofMinutes(5)));
        assertTrue(listSet("allowed_v4").contains("192.0.2.10 . 2222"));
        launch.stop();
        assertFalse(listSet("allowed_v4").contains("192.0.2.10"), listSet("allowed_v4"));
    }

    @Test
    void stopAfterTheKernelExpiredTheElementSucceeds() throws Exception {
        Launch launch = launcher("port", "2222", "create", "true").start(request("192.0.2.10", Duration.ofSeconds(1)));
        assertTrue(disappears("allowed_v4", "192.0.2.10 . 2222", Duration.ofSeconds(15)));
        launch.stop();
        assertFalse(listSet("allowed_v4").contains("192.0.2.10"));
    }

    @Test
    void extendRefreshesTheTimeoutOfThePresentElement() throws Exception {
        Launch launch = launcher("port", "2222", "create", "true").start(request("192.0.2.10", Duration.ofSeconds(30)));
        assertTrue(listSet("allowed_v4").contains("192.0.2.10 . 2222 timeout 30s"), listSet("allowed_v4"));
        launch.extend(Duration.ofMinutes(10));
        assertTrue(listSet("allowed_v4").contains("192.0.2.10 . 2222 timeout 10m"), listSet("allowed_v4"));
    }

    @Test
    void ipv6SourcesGoToTheIpv6Set() throws Exception {
        launcher("port", "2222", "create", "true").start(request("2001:db8::10", Duration.ofMinutes(1)));
        assertTrue(listSet("allowed_v6").contains("2001:db8::10 . 2222"), listSet("allowed_v6"));
        assertFalse(listSet("allowed_v4").contains("2222"));
    }

    @Test
    void creatingAgainKeepsOpenElementsAndDoesNotDuplicateRules() throws Exception {
        launcher("port", "2222", "create", "true").start(request("198.51.100.7", Duration.ofMinutes(5)));
        launcher("port", "2222", "create", "true");
        assertTrue(listSet("allowed_v4").contains("198.51.100.7 . 2222"), listSet("allowed_v4"));
        String chain = nft("list", "chain", "inet", "portknock", "input");
        assertEquals(chain.indexOf("ct state new drop"), chain.lastIndexOf("ct state new drop"), chain);
    }

    @Test
    void createdChainLetsOnlyTheOpenedSourceReachTheProtectedPort() throws Exception {
        String client = namespace + "c";
        assertTrue(run("ip", "netns", "add", client).succeeded(), "ip netns add " + client);
        try {
            connect(client);
            Launcher launcher = launcher("port", "2222", "create", "true");
            assertEquals("dropped", knockFrom(client, "192.0.2.10"));
            Launch launch = launcher.start(request("192.0.2.10", Duration.ofMinutes(1)));
            // no listener: a SYN that gets through is answered with a reset, a dropped one times out
            assertEquals("reached", knockFrom(client, "192.0.2.10"));
            assertEquals("dropped", knockFrom(client, "192.0.2.11"));
            launch.stop();
            assertEquals("dropped", knockFrom(client, "192.0.2.10"));
        } finally {
            run("ip", "netns", "del", client);
        }
    }

    /** A veth pair: 192.0.2.1 in the test namespace, 192.0.2.10 and .11 in the client's. */
    private void connect(String client) throws IOException {
        List<List<String>> commands = List.of(
                List.of("ip", "link", "add", "pk-s", "netns", namespace, "type", "veth", "peer", "name", "pk-c",
                        "netns", client),
                List.of("ip", "-n", namespace, "addr", "add", "192.0.2.1/24", "dev", "pk-s"),
                List.of("ip", "-n", namespace, "link", "set", "pk-s", "up"),
                List.of("ip", "-n", client, "addr", "add", "192.0.2.10/24", "dev", "pk-c"),
                List.of("ip", "-n", client, "addr", "add", "192.0.2.11/24", "dev", "pk-c"),
                List.of("ip", "-n", client, "link", "set", "pk-c", "up"));
        for (List<String> command : commands) {
            CommandRunner.Result result = CommandRunner.run(command, Optional.empty(), COMMAND_TIMEOUT);
            assertTrue(result.succeeded(), String.join(" ", command) + ": " + result.output());
        }
    }

    /** Tries a TCP connection to 192.0.2.1:2222 from the source: "reached" or "dropped". */
    private String knockFrom(String client, String source) throws IOException {
        CommandRunner.Result route = run("ip", "-n", client, "route", "replace", "192.0.2.1/32", "dev", "pk-c",
                "src", source);
        assertTrue(route.succeeded(), "route via " + source + ": " + route.output());
        CommandRunner.Result attempt = run("ip", "netns", "exec", client, "timeout", "3", "bash", "-c",
                "exec 3<>/dev/tcp/192.0.2.1/2222");
        if (attempt.output().contains("Connection refused")) {
            return "reached";
        }
        assertEquals(124, attempt.exitStatus(), "timeout ended the attempt: " + attempt.output());
        return "dropped";
    }

    @Test
    void launcherWithoutCreateNeedsExistingSets() {
        IOException e = assertThrows(IOException.class, () -> launcher("port", "2222"));
        assertTrue(e.getMessage().startsWith("nftables launcher: " + nftInNamespace + " failed with exit status 1"
                + " while checking the sets of table portknock: "), e.getMessage());
        assertTrue(e.getMessage().contains("No such file or directory"), e.getMessage());
    }

    @Test
    void launcherWithoutCreateUsesExistingSets() throws Exception {
        launcher("port", "2222", "create", "true");
        launcher("port", "2222").start(request("192.0.2.11", Duration.ofMinutes(1)));
        assertTrue(listSet("allowed_v4").contains("192.0.2.11 . 2222"), listSet("allowed_v4"));
    }
}
