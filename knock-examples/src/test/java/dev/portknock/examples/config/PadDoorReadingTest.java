package dev.portknock.examples.config;

import static dev.portknock.examples.config.Configs.error;
import static dev.portknock.examples.config.Configs.padDoor;
import static dev.portknock.examples.config.Configs.sealed;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portknock.core.Profile;
import dev.portknock.core.Scheme;
import dev.portknock.core.SourceBinding;
import dev.portknock.core.TcpFlagFilter;
import dev.portknock.core.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One-time doors backed by a pad: profile, state, services, durations, capture and launcher. */
class PadDoorReadingTest {
    @Test
    void padWithoutSchemeIsASealedDoorWithTheProtocolDefaults() throws ConfigException {
        PadDoorConfig door = padDoor(sealed(""));
        assertEquals(DoorKind.SEALED, door.kind());
        assertEquals(Profile.defaults(), door.door().profile());
        assertEquals(List.of(Path.of("/etc/portknock/door.pad")), door.pads());
        assertEquals(100, door.lowWater());
        assertEquals(new StateLocation.File(Path.of("/etc/portknock/door.state")), door.state());
        assertEquals(Duration.ofSeconds(10), door.defaultDuration());
        assertEquals(Duration.ofHours(1), door.maxDuration());
    }

    @Test
    void everyProfileKeyReachesTheProfile() throws ConfigException {
        PadDoorConfig door = padDoor(sealed("base_port = 20000\ndigit_bits = 10\ncommand_digits = 2\n"
                + "tag_digits = 5\nwindow = 16\nbind_source = no\nprotocol = tcp\ntcpflags = syn\nseq_timeout = 4\n"));
        assertEquals(new Profile(Scheme.SEALED, 20000, 10, Transport.TCP, new TcpFlagFilter(TcpFlagFilter.SYN, 0),
                2, 5, 16, SourceBinding.NONE, Duration.ofSeconds(4), false), door.door().profile());
    }

    @Test
    void schemeRawWithPadIsARawDoor() throws ConfigException {
        PadDoorConfig door = padDoor(sealed("scheme = raw\ncommand_digits = 0\ntag_digits = 6\n"));
        assertEquals(DoorKind.RAW, door.kind());
        assertEquals(Scheme.RAW, door.door().profile().scheme());
    }

    @Test
    void unknownSchemeIsRefused() {
        assertEquals("knockd.conf:2: unknown scheme 'otp'; expected fixed, raw or sealed",
                error("[door]\nscheme = otp\npad = p\n"));
    }

    @Test
    void schemeWithoutPadIsRefused() {
        assertEquals("knockd.conf:2: scheme raw needs 'pad'", error("[door]\nscheme = raw\ncommand = x\n"));
    }

    @Test
    void schemeFixedWithPadIsRefused() {
        assertEquals("knockd.conf:3: scheme fixed needs 'sequence', not 'pad'", error("[door]\npad = p\nscheme = fixed\n"));
    }

    @Test
    void outOfRangeProfileSurfacesCoresMessageAtTheSection() {
        assertEquals("knockd.conf:1: door [door]: window must be in 1..4096: 0", error("[door]\n" + sealed("window = 0\n")));
    }

    @Test
    void rangePastTheLastPortSurfacesCoresMessage() {
        assertEquals("knockd.conf:1: door [door]: port range 65000..69095 passes 65535",
                error("[door]\n" + sealed("base_port = 65000\n")));
    }

    @Test
    void weakProfileNeedsAcceptWeakness() throws ConfigException {
        String weak = "digit_bits = 4\ntag_digits = 2\nwindow = 4\nservices = 3\n";
        double bits = Profile.builder().digitBits(4).tagDigits(2).window(4).acceptWeakness().build()
                .security().weakestBits();
        assertEquals(String.format(java.util.Locale.ROOT, "knockd.conf:1: door [door]: profile allows forgery with"
                        + " probability 2^-%.1f per attempt, weaker than 2^-32; accept the weakness explicitly to use it",
                        bits),
                error("[door]\npad = p\nstate = s\ncommand = x\n" + weak));
        PadDoorConfig door = padDoor("pad = p\nstate = s\ncommand = x\n" + weak + "accept_weakness = yes\n");
        assertEquals(true, door.door().profile().acceptWeakness());
    }

    @Test
    void badProfileNumberIsRefusedAtItsLine() {
        assertEquals("knockd.conf:6: bad number 'twelve' for 'digit_bits'", error("[door]\n" + sealed("digit_bits = twelve\n")));
    }

    @Test
    void unknownProtocolIsRefused() {
        assertEquals("knockd.conf:6: unknown protocol 'sctp'; expected udp or tcp", error("[door]\n" + sealed("protocol = sctp\n")));
    }

    @Test
    void tcpFlagsOnAUdpDoorAreRefused() {
        assertEquals("knockd.conf:6: 'tcpflags' applies to protocol = tcp only", error("[door]\n" + sealed("tcpflags = syn\n")));
    }

    @Test
    void bindSourceOnARawDoorIsRefused() {
        assertEquals("knockd.conf:7: 'bind_source' applies to sealed doors only",
                error("[door]\n" + sealed("scheme = raw\nbind_source = yes\n")));
    }

    @Test
    void badBindSourceValueIsRefused() {
        assertEquals("knockd.conf:6: 'bind_source' must be yes or no: 'sometimes'",
                error("[door]\n" + sealed("bind_source = sometimes\n")));
    }

    @Test
    void doorWithNeitherSequenceNorPadIsRefused() {
        assertEquals("knockd.conf:4: door [web] needs 'sequence', 'one_time_sequences' or 'pad'",
                error("[ssh]\nsequence = 1\ncommand = x\n[web]\ncommand = x\nbase_port = 40000\n"));
    }

    @Test
    void padDoorWithoutStateIsRefused() {
        assertEquals("knockd.conf:1: door [door] needs 'state' (a cursor file or a jdbc:postgresql: url)",
                error("[door]\npad = p\nservices = 22\ncommand = x\n"));
    }

    @Test
    void postgresqlUrlIsADistinctStateKind() throws ConfigException {
        PadDoorConfig door = padDoor("pad = p\nstate = jdbc:postgresql://db.example/knock?password=secret\n"
                + "services = 22\ncommand = x\n");
        assertEquals(new StateLocation.Jdbc("jdbc:postgresql://db.example/knock?password=secret"), door.state());
    }

    @Test
    void jdbcStateDoesNotShowItsQueryWhenPrinted() {
        assertEquals("Jdbc[url=jdbc:postgresql://db.example/knock?...]",
                new StateLocation.Jdbc("jdbc:postgresql://db.example/knock?password=secret").toString());
    }

    @Test
    void otherJdbcUrlsAreRefused() {
        assertEquals("knockd.conf:3: unsupported state url 'jdbc:mysql://db/knock'; only jdbc:postgresql: urls are supported",
                error("[door]\npad = p\nstate = jdbc:mysql://db/knock\nservices = 22\ncommand = x\n"));
    }

    @Test
    void servicesAreRequiredWhenKnocksCarryCommands() {
        assertEquals("knockd.conf:1: door [door] needs 'services' (the service numbers a knock may ask for)",
                error("[door]\npad = p\nstate = s\ncommand = x\n"));
    }

    @Test
    void servicesKeepTheirWrittenOrder() throws ConfigException {
        assertEquals(List.of(443, 22, 0), padDoor(sealed("").replace("services = 22", "services = 443, 22,0")).services());
    }

    @Test
    void serviceBeyondTheDigitRangeIsRefused() {
        assertEquals("knockd.conf:4: service 4096 is not a digit of door [door] (0..4095)",
                error("[door]\n" + sealed("").replace("services = 22", "services = 22,4096")));
    }

    @Test
    void duplicateServiceIsRefused() {
        assertEquals("knockd.conf:4: duplicate service 22 in 'services'",
                error("[door]\n" + sealed("").replace("services = 22", "services = 22,80,22")));
    }

    @Test
    void badServiceIsRefused() {
        assertEquals("knockd.conf:4: bad number 'ssh' in 'services'",
                error("[door]\n" + sealed("").replace("services = 22", "services = 22,ssh")));
    }

    @Test
    void doorWithoutCommandDigitsOpensServiceZeroByDefault() throws ConfigException {
        PadDoorConfig door = padDoor("pad = p\nstate = s\ncommand = x\ncommand_digits = 0\ntag_digits = 5\n");
        assertEquals(List.of(0), door.services());
    }

    @Test
    void doorWithoutCommandDigitsListsAtMostOneService() {
        assertEquals("knockd.conf:6: a door without command digits opens one service; 'services' lists 2",
                error("[door]\npad = p\nstate = s\ncommand = x\ncommand_digits = 0\nservices = 22,80\n"));
    }

    @Test
    void defaultDurationIsAnAliasOfCmdTimeout() throws ConfigException {
        assertEquals(Duration.ofSeconds(90), padDoor(sealed("default_duration = 90\n")).defaultDuration());
        assertEquals(Duration.ofSeconds(90), padDoor(sealed("cmd_timeout = 90\n")).defaultDuration());
    }

    @Test
    void defaultDurationAboveTheMaximumIsRefused() {
        assertEquals("knockd.conf:6: default duration 120 s exceeds max duration 60 s",
                error("[door]\n" + sealed("default_duration = 120\nmax_duration = 60\n")));
    }

    @Test
    void smallMaximumLowersTheImpliedDefaultDuration() throws ConfigException {
        assertEquals(Duration.ofSeconds(5), padDoor(sealed("max_duration = 5\n")).defaultDuration());
    }

    @Test
    void durationDigitIsClampedAndZeroMeansTheDefault() throws ConfigException {
        PadDoorConfig door = padDoor(sealed("default_duration = 30\nmax_duration = 600\n"));
        assertEquals(Duration.ofSeconds(30), door.durationFor(0));
        assertEquals(Duration.ofSeconds(45), door.durationFor(45));
        assertEquals(Duration.ofSeconds(600), door.durationFor(4095));
    }

    @Test
    void onlyListedServicesAreAllowed() throws ConfigException {
        PadDoorConfig door = padDoor(sealed(""));
        assertEquals(true, door.allowsService(22));
        assertEquals(false, door.allowsService(23));
    }

    @Test
    void unknownCaptureIsRefused() {
        assertEquals("knockd.conf:6: unknown capture 'raw-socket'; expected udp-socket, pcap or nflog",
                error("[door]\n" + sealed("capture = raw-socket\n")));
    }

    @Test
    void udpSocketCaptureNeedsAUdpDoor() {
        assertEquals("knockd.conf:7: capture udp-socket needs protocol = udp",
                error("[door]\n" + sealed("protocol = tcp\ncapture = udp-socket\n")));
    }

    @Test
    void listenMustBeAnAddressLiteral() {
        assertEquals("knockd.conf:6: 'listen' must be an ip address literal: 'localhost'",
                error("[door]\n" + sealed("listen = localhost\n")));
    }

    @Test
    void listenRefusesOctetsAbove255() {
        assertEquals("knockd.conf:6: 'listen' must be an ip address literal: '192.0.2.256'",
                error("[door]\n" + sealed("listen = 192.0.2.256\n")));
    }

    @Test
    void listenAcceptsIpv6() throws Exception {
        assertEquals(java.util.Optional.of(java.net.InetAddress.getByName("2001:db8::10")),
                padDoor(sealed("listen = 2001:db8::10\n")).capture().listen());
    }

    @Test
    void unknownLauncherIsRefused() {
        assertEquals("knockd.conf:6: unknown launcher 'iptables'; expected process or nftables",
                error("[door]\n" + sealed("launcher = iptables\n")));
    }

    @Test
    void processLauncherNeedsAStartCommand() {
        assertEquals("knockd.conf:1: door [door] needs 'start_command' (or 'command'): the process launcher runs it",
                error("[door]\npad = p\nstate = s\nservices = 22\n"));
    }

    @Test
    void nftablesSettingsPassThrough() throws ConfigException {
        PadDoorConfig door = padDoor("pad = p\nstate = s\nservices = 22\nlauncher = nftables\n"
                + "NFT_Table = inet knock\nnft_set = ssh\nnft_timeout_extra = 5\n");
        assertEquals(new LauncherConfig(LauncherType.NFTABLES,
                Map.of("nft_table", "inet knock", "nft_set", "ssh", "nft_timeout_extra", "5")), door.launcher());
    }

    @Test
    void nftablesSettingNeedsTheNftablesLauncher() {
        assertEquals("knockd.conf:6: 'nft_set' needs launcher = nftables", error("[door]\n" + sealed("nft_set = ssh\n")));
    }

    @Test
    void commandsNeedTheProcessLauncher() {
        assertEquals("knockd.conf:5: 'command' needs launcher = process",
                error("[door]\n" + sealed("launcher = nftables\n")));
    }

    @Test
    void relativePadAndStatePathsFollowTheConfigurationFile(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("server.conf");
        java.nio.file.Files.writeString(file, "[door]\n" + sealed(""));
        PadDoorConfig door = (PadDoorConfig) ServerConfigParser.parse(file).doors().get(0);
        assertEquals(List.of(dir.toAbsolutePath().resolve("door.pad")), door.pads());
    }

    @Test
    void padTakesSeveralCommaSeparatedFilesAndDirectories() throws ConfigException {
        PadDoorConfig door = padDoor("pad = team/, /srv/pads/carol.pad ,dave.pad\nstate = s\nservices = 22\n"
                + "command = x\n");
        assertEquals(List.of(Path.of("/etc/portknock/team"), Path.of("/srv/pads/carol.pad"),
                Path.of("/etc/portknock/dave.pad")), door.pads());
    }

    @Test
    void anEmptyItemInThePadListIsRefused() {
        assertEquals("knockd.conf:2: empty item in 'pad'; expected comma-separated paths",
                error("[door]\npad = a.pad,,b.pad\nstate = s\nservices = 22\ncommand = x\n"));
        assertEquals("knockd.conf:2: empty item in 'pad'; expected comma-separated paths",
                error("[door]\npad = a.pad,\nstate = s\nservices = 22\ncommand = x\n"));
    }

    @Test
    void lowWaterSetsTheServersLowWaterMark() throws ConfigException {
        assertEquals(2500, padDoor(sealed("low_water = 2500\n")).lowWater());
        assertEquals(0, padDoor(sealed("low_water = 0\n")).lowWater());
    }

    @Test
    void aBadLowWaterMarkIsRefusedAtItsLine() {
        assertEquals("knockd.conf:6: bad number '-1' for 'low_water'", error("[door]\n" + sealed("low_water = -1\n")));
        assertEquals("knockd.conf:6: 'Low_Water' must be in 0..100000000: 999999999",
                error("[door]\n" + sealed("Low_Water = 999999999\n")));
        assertEquals("knockd.conf:6: bad number 'lots' for 'low_water'", error("[door]\n" + sealed("low_water = lots\n")));
    }

    @Test
    void lowWaterDoesNotApplyToAFixedDoor() {
        assertEquals("knockd.conf:3: 'low_water' does not apply to fixed door [door]",
                error("[door]\nsequence = 1,2,3\nlow_water = 5\ncommand = x\n"));
    }

    @Test
    void hintDigitsSetTheProfilesHintDigits() throws ConfigException {
        assertEquals(2, padDoor(sealed("hint_digits = 2\n")).door().profile().hintDigits());
        assertEquals(1, padDoor(sealed("")).door().profile().hintDigits());
    }

    @Test
    void badHintDigitsAreRefusedAtTheirLine() {
        assertEquals("knockd.conf:6: 'hint_digits' must be in 1..2: 3", error("[door]\n" + sealed("hint_digits = 3\n")));
        assertEquals("knockd.conf:6: 'hint_digits' must be in 1..2: 0", error("[door]\n" + sealed("hint_digits = 0\n")));
        assertEquals("knockd.conf:6: bad number 'two' for 'hint_digits'",
                error("[door]\n" + sealed("hint_digits = two\n")));
        assertEquals("knockd.conf:7: 'hint_digits' applies to sealed doors only",
                error("[door]\n" + sealed("scheme = raw\nhint_digits = 2\n")));
    }
}
