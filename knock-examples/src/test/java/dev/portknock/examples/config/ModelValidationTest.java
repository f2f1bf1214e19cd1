package dev.portknock.examples.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portknock.core.FixedDoor;
import dev.portknock.core.FixedSequence;
import dev.portknock.core.OneTimeDoor;
import dev.portknock.core.Profile;
import dev.portknock.core.TcpFlagFilter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The records validate themselves, for callers that build a configuration in code. */
class ModelValidationTest {
    private static final Location HERE = new Location("test.conf", 1);
    private static final CaptureConfig PCAP = new CaptureConfig(CaptureType.PCAP, Optional.empty(), Optional.empty(), Optional.empty());
    private static final LauncherConfig PROCESS = new LauncherConfig(LauncherType.PROCESS, Map.of());
    private static final Commands OPEN = new Commands(Optional.of("open"), Optional.empty(), Optional.empty(),
            Optional.empty());

    private static String message(Runnable construction) {
        return assertThrows(IllegalArgumentException.class, construction::run).getMessage();
    }

    private static PadDoorConfig pad(Profile profile, List<Integer> services, int defaultSeconds, int maxSeconds) {
        return new PadDoorConfig(new OneTimeDoor("door", profile), HERE, List.of(Path.of("p")),
                new StateLocation.File(Path.of("s")), services, Duration.ofSeconds(defaultSeconds),
                Duration.ofSeconds(maxSeconds), FailureThrottle.DEFAULT, PadDoorConfig.DEFAULT_LOW_WATER, OPEN, PCAP,
                PROCESS);
    }

    private static FixedDoorConfig fixed(String name) {
        return fixed(name, PCAP);
    }

    private static FixedDoorConfig fixed(String name, CaptureConfig capture) {
        return new FixedDoorConfig(new FixedDoor(name, FixedSequence.parse("1,2"), Duration.ofSeconds(5),
                TcpFlagFilter.ANY), HERE, OPEN, Duration.ofSeconds(10), capture, PROCESS);
    }

    private static CaptureConfig pcapWithBuffer(int bytes) {
        return new CaptureConfig(CaptureType.PCAP, Optional.empty(), Optional.empty(), Optional.of(bytes));
    }

    @Test
    void locationLineStartsAtOne() {
        assertEquals("line must be at least 1: 0", message(() -> new Location("a.conf", 0)));
    }

    @Test
    void exceptionMessageIsLocationThenProblem() {
        assertEquals("a.conf:3: pad file not found", new ConfigException(new Location("a.conf", 3), "pad file not found")
                .getMessage());
    }

    @Test
    void serverConfigNeedsADoor() {
        assertEquals("a server configuration needs at least one door",
                message(() -> new ServerConfig(Options.none(), List.of())));
    }

    @Test
    void serverConfigRefusesDoorNamesDifferingOnlyInCase() {
        assertEquals("duplicate door name: SSH",
                message(() -> new ServerConfig(Options.none(), List.of(fixed("ssh"), fixed("SSH")))));
    }

    @Test
    void serverConfigRefusesDoorsSharingACaptureWithDifferentBuffers() {
        assertEquals("doors sharing a capture must agree on its buffer size: a and b",
                message(() -> new ServerConfig(Options.none(), List.of(fixed("a"), fixed("b", pcapWithBuffer(1 << 20))))));
    }

    @Test
    void serverConfigLetsDoorsWatchingDifferentInterfacesHaveDifferentBuffers() {
        CaptureConfig eth1 = new CaptureConfig(CaptureType.PCAP, Optional.of("eth1"), Optional.empty(),
                Optional.of(1 << 22));
        assertEquals(2, new ServerConfig(Options.none(), List.of(fixed("a", pcapWithBuffer(1 << 20)), fixed("b", eth1)))
                .doors().size());
    }

    @Test
    void captureBufferSizeAppliesToPcapAndNflogOnly() {
        assertEquals("a buffer size applies to capture pcap and nflog only, not udp-socket", message(() -> new CaptureConfig(
                CaptureType.UDP_SOCKET, Optional.empty(), Optional.empty(), Optional.of(1 << 20))));
    }

    @Test
    void captureBufferSizeMustBePositive() {
        assertEquals("buffer size must be positive: 0", message(() -> pcapWithBuffer(0)));
    }

    @Test
    void failureLimitMustBeAtLeastOne() {
        assertEquals("failure limit must be in 1..1000000: 0",
                message(() -> new FailureThrottle(0, Duration.ofSeconds(1))));
    }

    @Test
    void failureIntervalMustBeWholeSeconds() {
        assertEquals("failure interval must be whole seconds in 1..3600: PT1.5S",
                message(() -> new FailureThrottle(8, Duration.ofMillis(1500))));
    }

    @Test
    void failureIntervalMustNotExceedAnHour() {
        assertEquals("failure interval must be whole seconds in 1..3600: PT1H0.001S",
                message(() -> new FailureThrottle(8, Duration.ofSeconds(3600).plusMillis(1))));
    }

    @Test
    void padDoorServicesMustBeDigits() {
        assertEquals("service must be in 0..4095: 4096", message(() -> pad(Profile.defaults(), List.of(4096), 10, 60)));
    }

    @Test
    void padDoorServicesMustBeDistinct() {
        assertEquals("services must be distinct: [22, 22]", message(() -> pad(Profile.defaults(), List.of(22, 22), 10, 60)));
    }

    @Test
    void padDoorNeedsAService() {
        assertEquals("a one-time door needs at least one service", message(() -> pad(Profile.defaults(), List.of(), 10, 60)));
    }

    @Test
    void padDoorWithoutCommandDigitsHasOneService() {
        Profile noCommand = Profile.builder().commandDigits(0).tagDigits(5).build();
        assertEquals("a door without command digits opens exactly one service: [1, 2]",
                message(() -> pad(noCommand, List.of(1, 2), 10, 60)));
    }

    @Test
    void padDoorDefaultDurationStaysWithinTheMaximum() {
        assertEquals("default duration must not exceed max duration: PT2M > PT1M",
                message(() -> pad(Profile.defaults(), List.of(22), 120, 60)));
    }

    @Test
    void negativeDurationDigitIsRefused() {
        PadDoorConfig door = pad(Profile.defaults(), List.of(22), 10, 60);
        assertEquals("duration digit must not be negative: -1", message(() -> door.durationFor(-1)));
    }

    @Test
    void processLauncherTakesNoSettings() {
        assertEquals("the process launcher takes no settings: [nft_set]",
                message(() -> new LauncherConfig(LauncherType.PROCESS, Map.of("nft_set", "x"))));
    }

    @Test
    void blankStartCommandIsRefused() {
        assertEquals("start and stop commands must not be blank", message(() -> new Commands(Optional.of(" "),
                Optional.empty(), Optional.empty(), Optional.empty())));
    }

    @Test
    void jdbcStateNeedsThePostgresqlPrefix() {
        assertEquals("state url must start with jdbc:postgresql:", message(() -> new StateLocation.Jdbc("jdbc:h2:mem")));
    }

    @Test
    void doorKindKeywordsAreLowercaseWithDashes() {
        assertEquals("knockd-one-time-file", DoorKind.KNOCKD_ONE_TIME_FILE.keyword());
    }

    @Test
    void backendIdsAreFoundRegardlessOfCase() {
        assertEquals(Optional.of(CaptureType.UDP_SOCKET), CaptureType.byId("UDP-Socket"));
        assertEquals(Optional.of(LauncherType.NFTABLES), LauncherType.byId("NFTables"));
        assertEquals(Optional.empty(), LauncherType.byId("iptables"));
    }
}
