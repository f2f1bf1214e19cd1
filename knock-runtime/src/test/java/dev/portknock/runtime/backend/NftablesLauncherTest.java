package dev.portknock.runtime.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher against a fake nft that records its arguments and standard input. */
class NftablesLauncherTest {
    private static final String SEPARATOR = "=== end of input\n";

    @TempDir
    Path dir;

    private Path fakeNft;
    private LaunchRequest request;

    @BeforeEach
    void writeFakeNft() throws IOException {
        fakeNft = script("fake-nft", "printf '%s\\n' \"$*\" >> '" + dir.resolve("args") + "'\n"
                + "cat >> '" + dir.resolve("stdin") + "'\n"
                + "printf '" + SEPARATOR.replace("\n", "\\n") + "' >> '" + dir.resolve("stdin") + "'\n");
        request = new LaunchRequest("door-a", 1, InetAddress.getByName("192.0.2.10"), Duration.ofSeconds(2));
    }

    private Path script(String name, String body) throws IOException {
        Path script = dir.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private Launcher launcher(String... keysAndValues) throws IOException {
        Map<String, String> settings = new HashMap<>();
        settings.put("nft", fakeNft.toString());
        for (int i = 0; i < keysAndValues.length; i += 2) {
            settings.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new NftablesLauncherProvider().create(settings);
    }

    /** The scripts nft received, in order. */
    private List<String> inputs() throws IOException {
        return List.of(Files.readString(dir.resolve("stdin")).split(SEPARATOR));
    }

    private List<String> arguments() throws IOException {
        return Files.readAllLines(dir.resolve("args"));
    }

    @Test
    void withoutCreateTheLauncherChecksThatTheSetsExist() throws IOException {
        launcher("port", "2222");
        assertEquals(List.of("list set inet portknock allowed_v4\n", "list set inet portknock allowed_v6\n"),
                inputs());
        assertEquals(List.of("-f -", "-f -"), arguments());
    }

    @Test
    void withCreateTheLauncherCreatesTableSetsAndChain() throws IOException {
        launcher("port", "2222", "create", "true", "table", "gate", "set", "ok", "chain", "knock_in");
        assertEquals(List.of(new NftablesScript("inet", "gate", "ok", "knock_in", List.of(2222)).create()), inputs());
    }

    @Test
    void startAddsTheElementWithTheRequestDuration() throws IOException {
        launcher("port", "2222").start(request);
        assertEquals("add element inet portknock allowed_v4 { 192.0.2.10 . 2222 timeout 1s }\n"
                + "delete element inet portknock allowed_v4 { 192.0.2.10 . 2222 }\n"
                + "add element inet portknock allowed_v4 { 192.0.2.10 . 2222 timeout 2000ms }\n", inputs().get(2));
    }

    @Test
    void extendRefreshesTheTimeout() throws IOException {
        Launch launch = launcher("port", "2222").start(request);
        launch.extend(Duration.ofSeconds(30));
        assertEquals("add element inet portknock allowed_v4 { 192.0.2.10 . 2222 timeout 30000ms }",
                inputs().get(3).lines().skip(2).findFirst().orElseThrow());
    }

    @Test
    void stopDeletesTheElement() throws IOException {
        Launch launch = launcher("port", "2222").start(request);
        launch.stop();
        assertEquals("add element inet portknock allowed_v4 { 192.0.2.10 . 2222 timeout 1s }\n"
                + "delete element inet portknock allowed_v4 { 192.0.2.10 . 2222 }\n", inputs().get(3));
    }

    @Test
    void aRecoveredOpeningStartsNothing() throws IOException {
        Launcher launcher = launcher("port", "2222");
        int before = inputs().size();
        assertTrue(launcher.recover(request).isPresent());
        assertEquals(before, inputs().size());
    }

    @Test
    void aRecoveredOpeningIsClosedByDeletingItsElements() throws IOException {
        Launcher launcher = launcher("port", "2222");
        int before = inputs().size();
        launcher.recover(request).orElseThrow().stop();
        assertEquals("add element inet portknock allowed_v4 { 192.0.2.10 . 2222 timeout 1s }\n"
                + "delete element inet portknock allowed_v4 { 192.0.2.10 . 2222 }\n", inputs().get(before));
    }

    @Test
    void stoppingTwiceIsMisuse() throws IOException {
        Launch launch = launcher("port", "2222").start(request);
        launch.stop();
        IllegalStateException e = assertThrows(IllegalStateException.class, launch::stop);
        assertEquals("launch already stopped", e.getMessage());
    }

    @Test
    void extendingAfterStopIsMisuse() throws IOException {
        Launch launch = launcher("port", "2222").start(request);
        launch.stop();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> launch.extend(Duration.ofSeconds(1)));
        assertEquals("launch already stopped", e.getMessage());
    }

    @Test
    void severalPortsAreSortedWithoutDuplicates() throws IOException {
        launcher("port", "2223, 22,2223", "create", "true");
        assertTrue(inputs().get(0).contains("tcp dport { 22, 2223 } ct state new drop\n"), inputs().get(0));
    }

    @Test
    void ipv6SourceInFamilyIpFailsTheLaunch() throws IOException {
        Launcher launcher = launcher("port", "22", "family", "ip");
        LaunchRequest v6 = new LaunchRequest("door-a", 1, InetAddress.getByName("2001:db8::1"), Duration.ofSeconds(2));
        IOException e = assertThrows(IOException.class, () -> launcher.start(v6));
        assertEquals("nftables launcher: family ip has no set for ipv6 source 2001:db8::1", e.getMessage());
    }

    @Test
    void missingNftIsNamed() {
        Path missing = dir.resolve("no-nft-here");
        IOException e = assertThrows(IOException.class, () -> launcher("port", "22", "nft", missing.toString()));
        assertTrue(e.getMessage().startsWith("nftables launcher: cannot run " + missing
                + " (install nftables, or set nft to the path of the nft program): "), e.getMessage());
    }

    @Test
    void deniedPermissionSaysWhatIsNeeded() throws IOException {
        Path denied = script("denied-nft", "cat > /dev/null\n"
                + "echo 'netlink: Error: cache initialization failed: Operation not permitted' >&2\nexit 1\n");
        IOException e = assertThrows(IOException.class, () -> launcher("port", "22", "nft", denied.toString()));
        assertEquals("nftables launcher: " + denied + " was denied permission while checking the sets of table"
                + " portknock (it needs root or CAP_NET_ADMIN):"
                + " netlink: Error: cache initialization failed: Operation not permitted", e.getMessage());
    }

    @Test
    void otherNftFailuresCarryItsOutput() throws IOException {
        Path failing = script("failing-nft", "cat > /dev/null\necho 'Error: No such file or directory' >&2\nexit 1\n");
        IOException e = assertThrows(IOException.class, () -> launcher("port", "22", "nft", failing.toString()));
        assertEquals("nftables launcher: " + failing + " failed with exit status 1 while checking the sets of table"
                + " portknock: Error: No such file or directory", e.getMessage());
    }

    @Test
    void hangingNftIsKilledAfterTheTimeout() throws IOException {
        Path hanging = script("hanging-nft", "exec sleep 30\n");
        IOException e = assertThrows(IOException.class,
                () -> launcher("port", "22", "nft", hanging.toString(), "timeout", "1"));
        assertEquals("nftables launcher: " + hanging + " timed out after 1 s while checking the sets of table"
                + " portknock", e.getMessage());
    }

    @Test
    void portIsRequired() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> launcher());
        assertEquals("nftables launcher: setting port is required", e.getMessage());
    }

    @Test
    void portsMustBeNumbers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> launcher("port", "22,ssh"));
        assertEquals("nftables launcher: setting port must be a whole number in 1..65535: ssh", e.getMessage());
    }

    @Test
    void injectedTableNameIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> launcher("port", "22", "table", "portknock\nflush ruleset"));
        assertEquals("nftables launcher: setting table must be a letter followed by up to 31 letters, digits"
                + " or underscores: portknock\nflush ruleset", e.getMessage());
    }

    @Test
    void unknownFamilyIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> launcher("port", "22", "family", "arp"));
        assertEquals("nftables launcher: setting family must be inet, ip or ip6: arp", e.getMessage());
    }

    @Test
    void unknownSettingIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> launcher("port", "22", "sets", "x"));
        assertEquals("nftables launcher: unknown setting sets"
                + " (known: chain, create, family, nft, port, set, table, timeout)", e.getMessage());
    }
}
