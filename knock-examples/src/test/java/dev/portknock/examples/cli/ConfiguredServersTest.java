package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.core.PacketEvent;
import dev.portknock.examples.config.ConfigException;
import dev.portknock.examples.config.ServerConfig;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadClaim;
import dev.portknock.pad.PadId;
import dev.portknock.runtime.KnockEvent;
import dev.portknock.spi.ProviderRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the tuning keys become once the configuration is assembled: the door's failure throttle
 * and the pcap capture's buffer option. A recording "pcap" provider stands in for libpcap, so the
 * tests feed packets straight to the server, unprivileged.
 */
class ConfiguredServersTest {
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final int BASE = 40_000;

    @TempDir
    Path dir;

    private final RecordingCapture pcap = new RecordingCapture("pcap");
    private final RecordingCapture nflog = new RecordingCapture("nflog");
    private final List<KnockEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void generateThePad() {
        assertEquals(KnockCli.OK, Cli.run("pad", "generate", "--out", dir.resolve("door.pad").toString(),
                "--knocks", "5", "--bits", "9", "--tag-digits", "7", "--state", dir.resolve("door.state").toString())
                .status());
    }

    @Test
    void aDoorWhoseStateDirectoryIsMissingRefusesToStartAndCreatesNothing() throws Exception {
        Path typo = dir.resolve("typo.state");
        ConfigException e = assertThrows(ConfigException.class, () -> assemble("", "state = typo.state\n"));
        assertEquals(dir.resolve("doors.conf") + ":3: door door: " + StateDirectory.missingServerState(padId(),
                dir.resolve("door.pad"), typo), e.getMessage());
        assertFalse(Files.exists(typo));
    }

    @Test
    void aDoorWhoseStateFileWasMovedAwayRefusesToStartInsteadOfAcceptingKnockZeroAgain() throws Exception {
        Path state = dir.resolve("door.state");
        Files.move(state.resolve(padId() + ".server.state"), dir.resolve("moved-away"));
        ConfigException e = assertThrows(ConfigException.class, () -> assemble(""));
        assertEquals(dir.resolve("doors.conf") + ":3: door door: " + StateDirectory.missingServerState(padId(),
                dir.resolve("door.pad"), state), e.getMessage());
    }

    @Test
    void twoDoorsServingOnePadAreRefusedAtTheSecondNamingTheFirst() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> assemble("", "",
                "[again]\n  pad = door.pad\n  state = other.state\n  base_port = " + (BASE + 1000)
                        + "\n  digit_bits = 9\n  tag_digits = 7\n  services = 22\n  start_command = /bin/true\n"));
        assertEquals(dir.resolve("doors.conf") + ":12: door again: pad " + padId() + " is also served by door door at "
                + dir.resolve("doors.conf") + ":3; one pad under two states would accept every knock twice",
                e.getMessage());
    }

    @Test
    void aPadServedByAnotherServerOnTheHostIsRefusedNamingItsDoor() throws Exception {
        try (PadClaim other = PadClaim.acquire(dir.resolve("locks"), padId(), "door ssh at /etc/other.conf:4")) {
            ConfigException e = assertThrows(ConfigException.class, () -> assemble(""));
            assertEquals(dir.resolve("doors.conf") + ":3: door door: pad " + padId() + " is already served by door ssh "
                    + "at /etc/other.conf:4 (pid " + ProcessHandle.current().pid() + "); one pad under two states "
                    + "would accept every knock twice", e.getMessage());
            assertTrue(Files.exists(other.file()));
        }
    }

    @Test
    void theClaimOnThePadIsReleasedWhenTheServersClose() throws Exception {
        assemble("").close();
        assemble("").close();
    }

    @Test
    void captureBufferSizeBecomesThePcapBufferOption() throws Exception {
        assemble("capture_buffer_size = 1048576\n").close();
        assertEquals(Map.of("buffer_size", "1048576"), pcap.spec.options());
    }

    @Test
    void withoutCaptureBufferSizeThePcapCaptureGetsNoOptions() throws Exception {
        assemble("").close();
        assertEquals(Map.of(), pcap.spec.options());
    }

    @Test
    void nflogGroupAndCaptureBufferSizeBecomeTheNflogOptions() throws Exception {
        assemble("capture = nflog\n  nflog_group = 7\n  capture_buffer_size = 1048576\n").close();
        assertEquals(Map.of("group", "7", "buffer_size", "1048576"), nflog.spec.options());
    }

    @Test
    void anNflogCaptureWithoutAGroupIsGivenTheDefaultGroup() throws Exception {
        assemble("capture = nflog\n").close();
        assertEquals(Map.of("group", "4242"), nflog.spec.options());
    }

    @Test
    void theDefaultThrottleRefusesTheNinthFailureFromOneSourceWithinASecond() throws Exception {
        assertEquals(1, throttledOutOf(9, "", true));
    }

    @Test
    void failuresFromSpoofedSourcesThrottleNoOne() throws Exception {
        assertEquals(0, throttledOutOf(9, "", false));
    }

    @Test
    void failureLimitFromTheConfigurationThrottlesAfterThatManyFailures() throws Exception {
        assertEquals(3, throttledOutOf(5, "failure_limit = 2\n", true));
    }

    @Test
    void aRaisedFailureLimitLetsEveryFailureBeChecked() throws Exception {
        assertEquals(0, throttledOutOf(9, "failure_limit = 100\n", true));
    }

    @Test
    void aKnockForAServiceTheDoorDoesNotOfferIsRefusedBeforeItsTagsAreChecked() throws Exception {
        int[] ports = knockBoundTo("198.51.100.1", "23,0,0");
        try (ConfiguredServers servers = assemble("")) {
            servers.start();
            InetAddress source = InetAddress.getByName("198.51.100.1");
            InetAddress destination = InetAddress.getByName("192.0.2.1");
            for (int port : ports) {
                pcap.source.sink.accept(PacketEvent.udp(NOW, source, destination, port));
            }
            awaitVerdicts(1);
            assertEquals(List.of(new KnockEvent.Rejected("door", source, KnockEvent.RejectReason.COMMAND_NOT_ALLOWED)),
                    events.stream().filter(KnockEvent.Rejected.class::isInstance).toList());
        }
    }

    @Test
    void withoutAnInterfaceThePcapCaptureWatchesEth0AsKnockdDoes() throws Exception {
        assemble("").close();
        assertEquals(Optional.of("eth0"), pcap.spec.networkInterface());
    }

    @Test
    void theOptionsInterfaceIsThePcapCapturesInterface() throws Exception {
        Path config = dir.resolve("doors.conf");
        Files.writeString(config, "[options]\n  Interface = wlan1\n[door]\n  sequence = 7000:udp,8000:udp\n"
                + "  command = /bin/true\n");
        assembleFile(config).close();
        assertEquals(Optional.of("wlan1"), pcap.spec.networkInterface());
    }

    @Test
    void aKnockdCommandRunsThroughTheShellOnEveryMatchingKnock() throws Exception {
        Path out = dir.resolve("out");
        Path config = dir.resolve("doors.conf");
        Files.writeString(config, "[door]\n  sequence = 7000:udp,8000:udp\n"
                + "  command = echo %IP% >> '" + out + "' && echo again | tr a-z A-Z >> '" + out + "'\n");
        try (ConfiguredServers servers = assembleFile(config)) {
            servers.start();
            InetAddress source = InetAddress.getByName("2001:db8::2");
            InetAddress destination = InetAddress.getByName("2001:db8::1");
            for (int knock = 1; knock <= 2; knock++) {
                for (int port : new int[] {7000, 8000}) {
                    pcap.source.sink.accept(PacketEvent.udp(NOW, source, destination, port));
                }
                awaitEvents(KnockEvent.Started.class, knock);
            }
        }
        assertEquals(List.of("2001:db8::2", "AGAIN", "2001:db8::2", "AGAIN"), Files.readAllLines(out));
        assertEquals(0, events.stream().filter(KnockEvent.Closed.class::isInstance).count(), events::toString);
    }

    @Test
    void aKnockdStopCommandRunsAfterCmdTimeoutEvenWhenTheStartCommandFailed() throws Exception {
        Path out = dir.resolve("out");
        Path config = dir.resolve("doors.conf");
        Files.writeString(config, "[door]\n  sequence = 7000:udp,8000:udp\n"
                + "  start_command = echo start >> '" + out + "'; exit 3\n  cmd_timeout = 1\n"
                + "  stop_command = echo stop %IP% >> '" + out + "'\n");
        try (ConfiguredServers servers = assembleFile(config)) {
            servers.start();
            InetAddress source = InetAddress.getByName("198.51.100.7");
            InetAddress destination = InetAddress.getByName("192.0.2.1");
            for (int port : new int[] {7000, 8000}) {
                pcap.source.sink.accept(PacketEvent.udp(NOW, source, destination, port));
            }
            awaitEvents(KnockEvent.Closed.class, 1);
        }
        assertEquals(List.of("start", "stop 198.51.100.7"), Files.readAllLines(out));
    }

    /** A fixed door on 7000, 8000 running {@code command}, in {@code doors.conf}; extra lines after it. */
    private ServerConfig fixedDoor(String command, String extra) throws IOException, ConfigException {
        Path config = dir.resolve("doors.conf");
        Files.writeString(config, "[door]\n  sequence = 7000:udp,8000:udp\n  command = " + command + "\n" + extra);
        return ServerConfig.load(config);
    }

    private void knockTheFixedDoor() throws IOException {
        InetAddress source = InetAddress.getByName("198.51.100.7");
        InetAddress destination = InetAddress.getByName("192.0.2.1");
        for (int port : new int[] {7000, 8000}) {
            pcap.source.sink.accept(PacketEvent.udp(NOW, source, destination, port));
        }
    }

    @Test
    void aReloadedDoorRunsItsNewCommand() throws Exception {
        Path out = dir.resolve("out");
        try (ConfiguredServers servers = assemble(fixedDoor("echo before >> '" + out + "'", ""))) {
            servers.start();
            servers.reload(fixedDoor("echo after >> '" + out + "'", ""));
            knockTheFixedDoor();
            awaitEvents(KnockEvent.Started.class, 1);
        }
        assertEquals(List.of("after"), Files.readAllLines(out));
    }

    @Test
    void aReloadThatCannotBeServedChangesNothingAndSaysWhy() throws Exception {
        Path out = dir.resolve("out");
        try (ConfiguredServers servers = assemble(fixedDoor("echo before >> '" + out + "'", ""))) {
            servers.start();
            ConfigException e = assertThrows(ConfigException.class, () -> servers.reload(fixedDoor("echo after",
                    "[otp]\n  pad = missing.pad\n  state = door.state\n  base_port = " + BASE + "\n  services = 22\n"
                            + "  start_command = /bin/true\n")));
            assertEquals(dir.resolve("doors.conf") + ":4: door otp: pad: no such file: " + dir.resolve("missing.pad"),
                    e.getMessage());
            knockTheFixedDoor();
            awaitEvents(KnockEvent.Started.class, 1);
        }
        assertEquals(List.of("before"), Files.readAllLines(out));
    }

    @Test
    void aReloadNeedingAnotherCaptureIsRefusedNamingTheDoor() throws Exception {
        try (ConfiguredServers servers = assemble(fixedDoor("true", ""))) {
            servers.start();
            ConfigException e = assertThrows(ConfigException.class, () -> servers.reload(
                    fixedDoor("true", "[web]\n  sequence = 7000:udp,8000:udp\n  capture = udp-socket\n"
                            + "  listen = 127.0.0.1\n  command = true\n")));
            assertEquals(dir.resolve("doors.conf") + ":4: door web: capture udp-socket on address 127.0.0.1 is not one the "
                    + "server started with; a new capture, interface or listen address needs a restart",
                    e.getMessage());
        }
    }

    @Test
    void aReloadKeepsServingAPadDoorAndItsClaimOnThePad() throws Exception {
        try (ConfiguredServers servers = assemble("")) {
            servers.start();
            servers.reload(parsed("", "", ""));
            servers.reload(parsed("", "", ""));
            // the pad stays claimed throughout: no other server on the host may take it
            assertThrows(IOException.class, () -> PadClaim.acquire(dir.resolve("locks"), padId(), "door ssh"));
        }
        PadClaim.acquire(dir.resolve("locks"), padId(), "door ssh").close();
    }

    @Test
    void aReloadThatDropsAPadDoorReleasesItsPad() throws Exception {
        try (ConfiguredServers servers = assemble("")) {
            servers.start();
            servers.reload(fixedDoorBeside(""));
            PadClaim.acquire(dir.resolve("locks"), padId(), "door ssh").close();
        }
    }

    @Test
    void aFailedReloadKeepsThePadClaimed() throws Exception {
        try (ConfiguredServers servers = assemble("")) {
            servers.start();
            assertThrows(ConfigException.class, () -> servers.reload(parsed("", "", "[otp]\n  pad = missing.pad\n"
                    + "  state = door.state\n  base_port = " + (BASE + 1000) + "\n  services = 22\n"
                    + "  start_command = /bin/true\n")));
            assertThrows(IOException.class, () -> PadClaim.acquire(dir.resolve("locks"), padId(), "door ssh"));
        }
    }

    /** A configuration with only a fixed door, on ports of the pad door of {@link #parsed}, captured as it is. */
    private ServerConfig fixedDoorBeside(String extra) throws IOException, ConfigException {
        Path config = dir.resolve("doors.conf");
        Files.writeString(config, "[options]\n  LockDir = locks\n[web]\n  sequence = " + (BASE + 1) + ":udp,"
                + (BASE + 2) + ":udp\n  command = true\n" + extra);
        return ServerConfig.load(config);
    }

    @Test
    void aReloadKeepsAServiceOpenedBefore() throws Exception {
        Path out = dir.resolve("out");
        try (ConfiguredServers servers = assemble(fixedDoor("echo open >> '" + out + "'",
                "  cmd_timeout = 1\n  stop_command = echo close >> '" + out + "'\n"))) {
            servers.start();
            knockTheFixedDoor();
            awaitEvents(KnockEvent.Opened.class, 1);
            servers.reload(fixedDoor("true", ""));
            awaitEvents(KnockEvent.Closed.class, 1);
            assertEquals(List.of("open", "close"), Files.readAllLines(out));
        }
    }

    private void awaitEvents(Class<? extends KnockEvent> type, int count) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (events.stream().filter(type::isInstance).count() < count && Instant.now().isBefore(deadline)) {
            Thread.sleep(5);
        }
        assertEquals(count, events.stream().filter(type::isInstance).count(), events::toString);
    }

    /**
     * Sends the pad's next knock, but bound to another address, {@code knocks} times in one
     * instant, from one source or from as many distinct ones: each passes the matcher (its hint
     * is in the window) and fails verification. One after the other, each once the last has its
     * verdict. How many were throttled rather than checked.
     */
    private long throttledOutOf(int knocks, String extra, boolean oneSource) throws Exception {
        int[] ports = knockBoundTo("192.0.2.99", "22,0,0");
        try (ConfiguredServers servers = assemble(extra)) {
            servers.start();
            InetAddress destination = InetAddress.getByName("192.0.2.1");
            for (int knock = 0; knock < knocks; knock++) {
                InetAddress source = InetAddress.getByName("198.51.100." + (oneSource ? 1 : knock + 1));
                // an hour apart by capture time: the candidates a refused knock's own digits opened
                // have timed out when the next one comes, so each knock is one verdict
                Instant sent = NOW.plus(Duration.ofHours(knock));
                for (int port : ports) {
                    pcap.source.sink.accept(PacketEvent.udp(sent, source, destination, port));
                }
                awaitVerdicts(knock + 1);
            }
            assertTrue(events.stream().noneMatch(KnockEvent.Accepted.class::isInstance), events::toString);
            return events.stream().filter(KnockEvent.Throttled.class::isInstance).count();
        }
    }

    /** The client's next knock for the door, sealed to {@code address}, as {@code knock send --dry-run} shows it. */
    private int[] knockBoundTo(String address, String command) {
        Cli.Result preview = Cli.run("send", "192.0.2.1", "--pad", dir.resolve("door.pad").toString(), "--state",
                dir.resolve("client-state").toString(), "--base", Integer.toString(BASE), "--tag-digits", "7",
                "--command", command, "--seen-as", address, "--dry-run");
        assertEquals(KnockCli.OK, preview.status(), preview.err());
        Matcher ports = Pattern.compile("ports ([0-9,]+)").matcher(preview.out());
        assertTrue(ports.find(), preview.out());
        return Arrays.stream(ports.group(1).split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private void awaitVerdicts(int count) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (verdicts() < count && Instant.now().isBefore(deadline)) {
            Thread.sleep(5);
        }
        assertEquals(count, verdicts(), events::toString);
    }

    private long verdicts() {
        return events.stream().filter(e -> e instanceof KnockEvent.Rejected || e instanceof KnockEvent.Throttled)
                .count();
    }

    private PadId padId() throws IOException {
        return Pad.open(dir.resolve("door.pad")).id();
    }

    /** The door (line 3), with {@code state} as given or door.state, then {@code more} sections (from line 12). */
    private ServerConfig parsed(String extra, String state, String more) throws IOException, ConfigException {
        Path config = dir.resolve("doors.conf");
        Files.writeString(config, "[options]\n  LockDir = locks\n[door]\n  pad = door.pad\n  " + (state.isEmpty() ? "state = door.state\n"
                : state) + "  base_port = " + BASE + "\n  digit_bits = 9\n  tag_digits = 7\n  services = 22\n"
                + "  start_command = /bin/true\n  " + extra + "\n" + more);
        return ServerConfig.load(config);
    }

    private ConfiguredServers assemble(String extra) throws IOException, ConfigException {
        return assemble(extra, "", "");
    }

    private ConfiguredServers assembleFile(Path config) throws IOException, ConfigException {
        return assemble(ServerConfig.load(config));
    }

    private ConfiguredServers assemble(ServerConfig config) throws ConfigException {
        return ConfiguredServers.assemble(config, ProviderRegistry.ofCaptureProviders(List.of(pcap, nflog)),
                ProviderRegistry.discoverLauncherProviders(), CLOCK, List.of(events::add), Map.of());
    }

    private ConfiguredServers assemble(String extra, String state, String... more)
            throws IOException, ConfigException {
        return assemble(parsed(extra, state, String.join("", more)));
    }
}
