package dev.portknock.examples.config;

import static dev.portknock.examples.config.Configs.BASE;
import static dev.portknock.examples.config.Configs.sealed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A door names its capture and launcher by provider id, a third party's on the class path among
 * them, and passes options to them as they are ({@code capture_option.NAME}, {@code launcher_option.NAME}).
 */
class BackendProviderIdsReadingTest {
    private static final ProviderIds ON_THE_CLASS_PATH = ProviderIds.of(List.of("in-memory", "udp-socket"),
            List.of("recording"));

    private static ServerConfig parse(String text) throws ConfigException {
        return ServerConfigParser.parse(text, "knockd.conf", BASE, ON_THE_CLASS_PATH);
    }

    private static PadDoorConfig padDoor(String body) throws ConfigException {
        return (PadDoorConfig) parse("[door]\n" + body).doors().get(0);
    }

    private static String error(String text) {
        return assertThrows(ConfigException.class, () -> parse(text)).getMessage();
    }

    @Test
    void theKnownIdsAreTheBuiltInOnesThenTheOthersEachOnce() {
        assertEquals(List.of("udp-socket", "pcap", "nflog", "in-memory"), ON_THE_CLASS_PATH.captures());
        assertEquals(List.of("process", "nftables", "recording"), ON_THE_CLASS_PATH.launchers());
    }

    @Test
    void aCaptureOnTheClassPathMayBeNamed() throws ConfigException {
        assertEquals(new CaptureType("in-memory"), padDoor(sealed("capture = In-Memory\n")).capture().type());
    }

    @Test
    void captureOptionsPassToTheBackendByName() throws ConfigException {
        CaptureConfig capture = padDoor(sealed("capture = in-memory\ncapture_option.Ring_Size = 4096\n"
                + "capture_option.mode = Fast Path\n")).capture();
        assertEquals(Map.of("ring_size", "4096", "mode", "Fast Path"), capture.options());
    }

    @Test
    void captureOptionsReachABuiltInCaptureToo() throws ConfigException {
        assertEquals(Map.of("snaplen", "96"), padDoor(sealed("capture_option.snaplen = 96\n")).capture().options());
    }

    @Test
    void anUnknownCaptureIsRefusedNamingEveryKnownId() {
        assertEquals("knockd.conf:6: unknown capture 'carrier-pigeon'; expected udp-socket, pcap, nflog or in-memory",
                error("[door]\n" + sealed("capture = carrier-pigeon\n")));
    }

    @Test
    void aCaptureBufferSizeNeedsPcapOrNflogNotAnotherCapture() {
        assertEquals("knockd.conf:7: 'capture_buffer_size' needs capture = pcap or nflog",
                error("[door]\n" + sealed("capture = in-memory\ncapture_buffer_size = 1048576\n")));
    }

    @Test
    void aLauncherOnTheClassPathMayBeNamedWithItsOptionsAndNeedsNoCommand() throws ConfigException {
        PadDoorConfig door = padDoor("pad = door.pad\nstate = door.state\nservices = 22\nlauncher = recording\n"
                + "launcher_option.Channel = ops\n");
        assertEquals(new LauncherConfig(new LauncherType("recording"), Map.of(), Map.of("channel", "ops")),
                door.launcher());
    }

    @Test
    void launcherOptionsReachABuiltInLauncherToo() throws ConfigException {
        assertEquals(Map.of("nice", "5"), padDoor(sealed("launcher_option.nice = 5\n")).launcher().options());
    }

    @Test
    void commandsNeedTheProcessLauncherWhicheverOtherIsNamed() {
        assertEquals("knockd.conf:5: 'command' needs launcher = process",
                error("[door]\n" + sealed("launcher = recording\n")));
    }

    @Test
    void nftablesSettingsNeedTheNftablesLauncherWhicheverOtherIsNamed() {
        assertEquals("knockd.conf:6: 'nft_set' needs launcher = nftables",
                error("[door]\npad = door.pad\nstate = door.state\nservices = 22\nlauncher = recording\nnft_set = x\n"));
    }

    @Test
    void anUnknownLauncherIsRefusedNamingEveryKnownId() {
        assertEquals("knockd.conf:6: unknown launcher 'iptables'; expected process, nftables or recording",
                error("[door]\n" + sealed("launcher = iptables\n")));
    }

    @Test
    void doorsSharingACaptureMustAgreeOnItsOptions() {
        assertEquals("knockd.conf:7: doors sharing a capture must agree on their capture_option keys: [second] has {},"
                        + " [first] at knockd.conf:1 has {snaplen=96}",
                error("[first]\n" + sealed("capture_option.snaplen = 96\n") + "[second]\n"
                        + sealed("base_port = 30000\n")));
    }

    @Test
    void aBackendOptionWithoutANameIsRefused() {
        assertEquals("knockd.conf:6: bad key 'capture_option.' in [door]",
                error("[door]\n" + sealed("capture_option. = 1\n")));
    }

    @Test
    void aBackendOptionWithAnotherPrefixIsAnUnknownKey() {
        assertEquals("knockd.conf:6: unknown key 'capture_options.x' in [door]",
                error("[door]\n" + sealed("capture_options.x = 1\n")));
    }

    @Test
    void aProviderIdIsPlainLowercase() {
        assertEquals("a provider id is lowercase letters, digits, '.', '_' and '-': 'In Memory'",
                assertThrows(IllegalArgumentException.class, () -> new CaptureType("In Memory")).getMessage());
    }
}
