package dev.portknock.examples.config;

import static dev.portknock.examples.config.Configs.error;
import static dev.portknock.examples.config.Configs.padDoor;
import static dev.portknock.examples.config.Configs.parse;
import static dev.portknock.examples.config.Configs.sealed;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The tuning keys: a pad door's failure throttle and a pcap capture's buffer size. */
class TuningKeysReadingTest {
    private static final String OTHER_DOOR = "[other]\n" + sealed("base_port = 30000\n");

    @Test
    void failureThrottleDefaultsToEightPerSecond() throws ConfigException {
        assertEquals(new FailureThrottle(8, Duration.ofSeconds(1)), padDoor(sealed("")).failureThrottle());
    }

    @Test
    void failureLimitAndIntervalReachTheDoor() throws ConfigException {
        assertEquals(new FailureThrottle(100_000, Duration.ofSeconds(10)),
                padDoor(sealed("failure_limit = 100000\nfailure_interval = 10\n")).failureThrottle());
    }

    @Test
    void failureLimitAloneKeepsTheDefaultInterval() throws ConfigException {
        assertEquals(new FailureThrottle(20, Duration.ofSeconds(1)),
                padDoor(sealed("failure_limit = 20\n")).failureThrottle());
    }

    @Test
    void failureLimitOfZeroIsRefused() {
        assertEquals("knockd.conf:6: 'failure_limit' must be in 1..1000000: 0",
                error("[door]\n" + sealed("failure_limit = 0\n")));
    }

    @Test
    void failureLimitAboveAMillionIsRefused() {
        assertEquals("knockd.conf:6: 'failure_limit' must be in 1..1000000: 1000001",
                error("[door]\n" + sealed("failure_limit = 1000001\n")));
    }

    @Test
    void negativeFailureLimitIsRefused() {
        assertEquals("knockd.conf:6: bad number '-1' for 'failure_limit'",
                error("[door]\n" + sealed("failure_limit = -1\n")));
    }

    @Test
    void failureIntervalAboveAnHourIsRefused() {
        assertEquals("knockd.conf:6: 'failure_interval' must be in 1..3600: 3601",
                error("[door]\n" + sealed("failure_interval = 3601\n")));
    }

    @Test
    void fractionalFailureIntervalIsRefused() {
        assertEquals("knockd.conf:6: bad number '0.5' for 'failure_interval'",
                error("[door]\n" + sealed("failure_interval = 0.5\n")));
    }

    @Test
    void emptyFailureIntervalIsRefused() {
        assertEquals("knockd.conf:6: empty value for 'Failure_Interval'",
                error("[door]\n" + sealed("Failure_Interval =\n")));
    }

    @Test
    void failureLimitOnAFixedDoorIsRefused() {
        assertEquals("knockd.conf:4: 'failure_limit' does not apply to fixed door [ssh]",
                error("[ssh]\nsequence = 1\ncommand = x\nfailure_limit = 100\n"));
    }

    @Test
    void captureBufferSizeIsAbsentByDefault() throws ConfigException {
        assertEquals(Optional.empty(), padDoor(sealed("")).capture().bufferSize());
    }

    @Test
    void captureBufferSizeReachesTheCapture() throws ConfigException {
        assertEquals(Optional.of(67_108_864), padDoor(sealed("capture_buffer_size = 67108864\n")).capture().bufferSize());
    }

    @Test
    void captureBufferSizeAppliesToFixedDoorsToo() throws ConfigException {
        DoorConfig door = parse("[ssh]\nsequence = 1\ncommand = x\ncapture_buffer_size = 1048576\n").doors().get(0);
        assertEquals(Optional.of(1_048_576), door.capture().bufferSize());
    }

    @Test
    void captureBufferSizeNeedsPcapOrNflog() {
        assertEquals("knockd.conf:7: 'capture_buffer_size' needs capture = pcap or nflog",
                error("[door]\n" + sealed("capture = udp-socket\ncapture_buffer_size = 1048576\n")));
    }

    @Test
    void captureBufferSmallerThanOneFrameIsRefused() {
        assertEquals("knockd.conf:6: 'capture_buffer_size' must be in 65536..2147483647: 65535",
                error("[door]\n" + sealed("capture_buffer_size = 65535\n")));
    }

    @Test
    void captureBufferOfTwoGibibytesIsRefused() {
        assertEquals("knockd.conf:6: 'capture_buffer_size' must be in 65536..2147483647: 2147483648",
                error("[door]\n" + sealed("capture_buffer_size = 2147483648\n")));
    }

    @Test
    void captureBufferOfTheLargestIntIsAccepted() throws ConfigException {
        assertEquals(Optional.of(Integer.MAX_VALUE),
                padDoor(sealed("capture_buffer_size = 2147483647\n")).capture().bufferSize());
    }

    @Test
    void captureBufferWithAUnitIsRefused() {
        assertEquals("knockd.conf:6: bad number '64M' for 'capture_buffer_size'",
                error("[door]\n" + sealed("capture_buffer_size = 64M\n")));
    }

    @Test
    void captureBufferOfNineteenDigitsIsRefusedAsABadNumber() {
        assertEquals("knockd.conf:6: bad number '9999999999999999999' for 'capture_buffer_size'",
                error("[door]\n" + sealed("capture_buffer_size = 9999999999999999999\n")));
    }

    @Test
    void doorsSharingACaptureWithDifferentBuffersAreRefusedNamingBothLines() {
        assertEquals("knockd.conf:13: doors sharing a capture must agree on 'capture_buffer_size': [other] has 2097152,"
                        + " [door] at knockd.conf:6 has 1048576",
                error("[door]\n" + sealed("capture_buffer_size = 1048576\n") + OTHER_DOOR.replace("base_port = 30000\n",
                        "base_port = 30000\ncapture_buffer_size = 2097152\n")));
    }

    @Test
    void aDoorLeavingOutTheBufferOfASharedCaptureIsRefusedAtItsHeader() {
        assertEquals("knockd.conf:7: doors sharing a capture must agree on 'capture_buffer_size': [other] has"
                        + " none (the default), [door] at knockd.conf:6 has 1048576",
                error("[door]\n" + sealed("capture_buffer_size = 1048576\n") + OTHER_DOOR));
    }

    @Test
    void doorsSharingACaptureWithTheSameBufferAreAccepted() throws ConfigException {
        String size = "capture_buffer_size = 1048576\n";
        List<DoorConfig> doors = parse("[door]\n" + sealed(size) + OTHER_DOOR.replace("base_port = 30000\n",
                "base_port = 30000\n" + size)).doors();
        assertEquals(doors.get(0).capture(), doors.get(1).capture());
    }

    @Test
    void doorsListeningOnDifferentAddressesMayHaveDifferentBuffers() throws ConfigException {
        List<DoorConfig> doors = parse("[door]\n" + sealed("listen = 192.0.2.1\ncapture_buffer_size = 1048576\n")
                + OTHER_DOOR).doors();
        assertEquals(Optional.empty(), doors.get(1).capture().bufferSize());
    }
}
