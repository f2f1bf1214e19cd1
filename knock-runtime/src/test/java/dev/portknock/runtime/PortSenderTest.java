package dev.portknock.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portknock.core.KnockPort;
import dev.portknock.core.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The pauses {@link PortSender} leaves between packets, read from a clock that moves only when the
 * sender sleeps. The datagrams go to closed loopback ports, where nothing answers.
 */
class PortSenderTest {
    private static final Duration PACING = Duration.ofMillis(20);

    private final InetAddress loopback = InetAddress.getLoopbackAddress();
    private final FakeTime time = new FakeTime();
    private final PortSender sender = new PortSender(PACING, Optional.of(loopback), time::nanoTime, time::sleep);

    /** A clock in nanoseconds that advances by what is slept, and the sleeps it was asked for. */
    private static final class FakeTime {
        long now = 1_000_000_000L;
        final List<Duration> sleeps = new ArrayList<>();

        long nanoTime() {
            return now;
        }

        void sleep(long nanos) {
            sleeps.add(Duration.ofNanos(nanos));
            now += nanos;
        }
    }

    private static List<KnockPort> udp(int... ports) {
        List<KnockPort> knock = new ArrayList<>();
        for (int port : ports) {
            knock.add(new KnockPort(port, Transport.UDP));
        }
        return knock;
    }

    @Test
    void packetsOfOneKnockLeaveThePacingApart() throws IOException {
        sender.send(loopback, udp(40001, 40002, 40003));

        assertEquals(List.of(PACING, PACING), time.sleeps);
    }

    @Test
    void aKnockSentRightAfterAnotherWaitsThePacingBeforeItsFirstPacket() throws IOException {
        sender.send(loopback, udp(40001, 40002));
        sender.send(loopback, udp(40003, 40004));

        assertEquals(List.of(PACING, PACING, PACING), time.sleeps);
    }

    @Test
    void aKnockSentPartOfThePacingAfterAnotherWaitsOnlyTheRest() throws IOException {
        sender.send(loopback, udp(40001));
        time.now += Duration.ofMillis(15).toNanos();
        sender.send(loopback, udp(40002));

        assertEquals(List.of(Duration.ofMillis(5)), time.sleeps);
    }

    @Test
    void aKnockSentLongAfterAnotherDoesNotWaitBeforeItsFirstPacket() throws IOException {
        sender.send(loopback, udp(40001));
        time.now += Duration.ofSeconds(1).toNanos();
        sender.send(loopback, udp(40002));

        assertEquals(List.of(), time.sleeps);
    }

    @Test
    void noPacingMeansNoPause() throws IOException {
        PortSender unpaced = new PortSender(Duration.ZERO, Optional.of(loopback), time::nanoTime, time::sleep);

        unpaced.send(loopback, udp(40001, 40002));
        unpaced.send(loopback, udp(40003));

        assertEquals(List.of(), time.sleeps);
    }
}
