package dev.portknock.examples.config;

import static dev.portknock.examples.config.Configs.error;
import static dev.portknock.examples.config.Configs.padDoor;
import static dev.portknock.examples.config.Configs.parse;
import static dev.portknock.examples.config.Configs.sealed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code capture = nflog} and its keys {@code nflog_group} and {@code capture_buffer_size}. */
class NflogCaptureReadingTest {
    private static final String OTHER_DOOR = "[other]\n" + sealed("base_port = 30000\ncapture = nflog\n");

    @Test
    void nflogCaptureWithoutAGroupNamesTheDefaultGroup() throws ConfigException {
        assertEquals(new CaptureConfig(CaptureType.NFLOG, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(4242)), padDoor(sealed("capture = nflog\n")).capture());
    }

    @Test
    void theGroupAndBufferReachTheCapture() throws ConfigException {
        assertEquals(new CaptureConfig(CaptureType.NFLOG, Optional.empty(), Optional.empty(), Optional.of(1 << 20),
                Optional.of(0)), padDoor(sealed("capture = NFLOG\nnflog_group = 0\ncapture_buffer_size = 1048576\n"))
                .capture());
    }

    @Test
    void aGroupAbove65535IsRefusedAtItsLine() {
        assertEquals("knockd.conf:7: 'nflog_group' must be in 0..65535: 65536",
                error("[door]\n" + sealed("capture = nflog\nnflog_group = 65536\n")));
    }

    @Test
    void aGroupThatIsNoNumberIsRefusedAtItsLine() {
        assertEquals("knockd.conf:7: bad number 'four' for 'nflog_group'",
                error("[door]\n" + sealed("capture = nflog\nnflog_group = four\n")));
    }

    @Test
    void aGroupWithoutNflogCaptureIsRefused() {
        assertEquals("knockd.conf:6: 'nflog_group' needs capture = nflog",
                error("[door]\n" + sealed("nflog_group = 7\n")));
    }

    @Test
    void anNflogBufferBelowFourBatchesIsRefused() {
        assertEquals("knockd.conf:7: 'capture_buffer_size' must be in 262144..2147483647: 262143",
                error("[door]\n" + sealed("capture = nflog\ncapture_buffer_size = 262143\n")));
    }

    @Test
    void doorsOnOneGroupWatchedAlikeShareOneCapture() throws ConfigException {
        List<DoorConfig> doors = parse("[door]\n" + sealed("capture = nflog\n") + OTHER_DOOR).doors();
        assertEquals(doors.get(0).capture(), doors.get(1).capture());
    }

    @Test
    void doorsOnOneGroupWatchedDifferentlyAreRefusedNamingBoth() {
        assertEquals("knockd.conf:8: doors watched differently need nflog groups of their own: [other] and [door] at"
                + " knockd.conf:1 both use group 4242; set 'nflog_group'",
                error("[door]\n" + sealed("capture = nflog\nlisten = 192.0.2.1\n") + OTHER_DOOR));
    }

    @Test
    void doorsWatchedDifferentlyOnGroupsOfTheirOwnAreAccepted() throws ConfigException {
        List<DoorConfig> doors = parse("[door]\n" + sealed("capture = nflog\nlisten = 192.0.2.1\nnflog_group = 1\n")
                + OTHER_DOOR).doors();
        assertEquals(Optional.of(1), doors.get(0).capture().nflogGroup());
        assertEquals(Optional.of(4242), doors.get(1).capture().nflogGroup());
    }

    @Test
    void theRecordRefusesAGroupOnAnotherCapture() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CaptureConfig(
                CaptureType.PCAP, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(1)));
        assertEquals("an nflog group applies to capture nflog only, not pcap", e.getMessage());
    }

    @Test
    void theRecordRefusesAGroupOutside16Bits() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CaptureConfig(
                CaptureType.NFLOG, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(70_000)));
        assertEquals("nflog group must be in 0..65535: 70000", e.getMessage());
    }

    @Test
    void theNflogSampleWatchesEth0OnGroup4242() throws Exception {
        ServerConfig config = ServerConfigParser.parse(Path.of("src", "main", "config", "sealed-nflog-nftables.conf"));
        PadDoorConfig gateway = (PadDoorConfig) config.door("gateway-ssh").orElseThrow();
        assertEquals(new CaptureConfig(CaptureType.NFLOG, Optional.of("eth0"), Optional.empty(), Optional.empty(),
                Optional.of(4242)), gateway.capture());
    }

    @Test
    void listenAddressesNarrowTheNflogCapture() throws Exception {
        assertEquals(Optional.of(InetAddress.getByName("2001:db8::1")),
                padDoor(sealed("capture = nflog\nlisten = 2001:db8::1\n")).capture().listen());
    }
}
