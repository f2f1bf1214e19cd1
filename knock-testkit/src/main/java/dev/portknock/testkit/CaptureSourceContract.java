package dev.portknock.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.portknock.core.PacketEvent;
import dev.portknock.core.PortRange;
import dev.portknock.core.TcpFlagFilter;
import dev.portknock.core.Transport;
import dev.portknock.spi.CaptureSource;
import dev.portknock.spi.CaptureSpec;
import dev.portknock.spi.CaptureStatistics;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link CaptureSource} owes the server, as tests a backend's own test class
 * inherits. Depend on {@code dev.portknock:knock-testkit} with {@code <scope>test</scope>},
 * then:
 *
 * <pre>{@code
 * class UdpSocketCaptureTest extends CaptureSourceContract<UdpSocketCapture> {
 *     protected UdpSocketCapture createSource(CaptureSpec spec) throws IOException {
 *         return new UdpSocketCapture(spec);
 *     }
 *
 *     protected void send(UdpSocketCapture source, PortRange range, int port) throws IOException {
 *         // send one UDP datagram to 127.0.0.1:port
 *     }
 * }
 * }</pre>
 *
 * <p>Override {@link #spec()} when the backend needs other ports, a TCP range, an interface or a
 * capture file. Sources may deliver on their own threads: tests wait up to {@link
 * #deliveryTimeout()} for a packet and {@link #quietPeriod()} to be sure none comes. Sources a
 * test creates are closed after it.
 *
 * @param <S> the backend's capture source
 */
public abstract class CaptureSourceContract<S extends CaptureSource> {
    private final List<S> sources = new ArrayList<>();

    /** A backend's contract test; subclasses need no constructor of their own. */
    protected CaptureSourceContract() {
    }

    /** A new source for the spec, not yet started. */
    protected abstract S createSource(CaptureSpec spec) throws IOException;

    /**
     * Makes one packet arrive at {@code port}, which lies in {@code range}, as the source would see
     * it: inject it, send it over loopback, or replay it. A source that refuses injection once
     * closed may throw {@link IllegalStateException}, which counts as nothing delivered.
     */
    protected abstract void send(S source, PortRange range, int port) throws IOException;

    /**
     * The spec sources are created for: by default UDP ports 30901..30904 on 127.0.0.1 with the
     * system clock. Its first port range is the one tests send to.
     */
    protected CaptureSpec spec() {
        return new CaptureSpec(List.of(new PortRange(30901, 30904, Transport.UDP, TcpFlagFilter.ANY)),
                Optional.empty(), Optional.of(InetAddress.getLoopbackAddress()), Optional.<Path>empty(),
                Clock.systemUTC(), Map.of());
    }

    /** How long a sent packet may take to reach the sink; 5 seconds unless overridden. */
    protected Duration deliveryTimeout() {
        return Duration.ofSeconds(5);
    }

    /** How long to watch for a packet that must not come; 200 milliseconds unless overridden. */
    protected Duration quietPeriod() {
        return Duration.ofMillis(200);
    }

    /** Closes the sources the test created. */
    @AfterEach
    public final void closeSources() {
        sources.forEach(CaptureSource::close);
    }

    /** A packet sent to the first port of the range reaches the sink, with its transport. */
    @Test
    public final void deliversAPacketSentToAWatchedPort() throws Exception {
        PortRange range = range();
        BlockingQueue<PacketEvent> received = new LinkedBlockingQueue<>();
        S source = source();
        source.start(received::add);

        send(source, range, range.first());

        PacketEvent event = awaitPacketTo(received, range, range.first());
        assertEquals(range.transport(), event.transport(), "transport of the delivered packet");
    }

    /** A packet sent to the last port of the range reaches the sink too. */
    @Test
    public final void deliversToEveryPortOfTheRange() throws Exception {
        PortRange range = range();
        BlockingQueue<PacketEvent> received = new LinkedBlockingQueue<>();
        S source = source();
        source.start(received::add);

        send(source, range, range.last());

        assertEquals(range.last(), awaitPacketTo(received, range, range.last()).destinationPort());
    }

    /** A new source has delivered and skipped nothing. */
    @Test
    public final void statisticsStartAtZero() throws Exception {
        assertEquals(new CaptureStatistics(0, 0), source().statistics());
    }

    /** A packet the sink received is counted as delivered. */
    @Test
    public final void statisticsCountADeliveredPacket() throws Exception {
        PortRange range = range();
        BlockingQueue<PacketEvent> received = new LinkedBlockingQueue<>();
        S source = source();
        source.start(received::add);

        send(source, range, range.first());
        awaitPacketTo(received, range, range.first());

        long delivered = source.statistics().delivered();
        assertTrue(delivered >= 1, "a packet the sink received is counted as delivered, got " + delivered);
    }

    /** A second start is an {@link IllegalStateException}. */
    @Test
    public final void startingTwiceIsRejected() throws Exception {
        S source = source();
        source.start(event -> { });

        assertThrows(IllegalStateException.class, () -> source.start(event -> { }));
    }

    /** Closing is idempotent. */
    @Test
    public final void closingTwiceIsHarmless() throws Exception {
        S source = source();
        source.start(event -> { });

        source.close();
        source.close();
    }

    /** A source never started can be closed. */
    @Test
    public final void closingAnUnstartedSourceIsHarmless() throws Exception {
        source().close();
    }

    /** Once closed, a source delivers nothing. */
    @Test
    public final void deliversNothingAfterClose() throws Exception {
        PortRange range = range();
        BlockingQueue<PacketEvent> received = new LinkedBlockingQueue<>();
        S source = source();
        source.start(received::add);
        source.close();

        try {
            send(source, range, range.first());
        } catch (IllegalStateException refused) {
            // a closed in-memory source refuses the injection: nothing is delivered either way
        }

        assertFalse(packetTo(received, range, range.first(), quietPeriod()).isPresent(),
                "a closed source delivered a packet");
    }

    /** Starting a closed source is an {@link IllegalStateException}. */
    @Test
    public final void startingAfterCloseIsRejected() throws Exception {
        S source = source();
        source.close();

        assertThrows(IllegalStateException.class, () -> source.start(event -> { }));
    }

    private PortRange range() {
        return spec().ports().get(0);
    }

    private S source() throws IOException {
        S source = createSource(spec());
        sources.add(source);
        return source;
    }

    private PacketEvent awaitPacketTo(BlockingQueue<PacketEvent> received, PortRange range, int port)
            throws InterruptedException {
        return packetTo(received, range, port, deliveryTimeout()).orElseGet(() -> fail(
                "no " + range.transport().keyword() + " packet to port " + port + " within " + deliveryTimeout()));
    }

    /** The first packet to the port; a source may deliver other packets too. */
    private static Optional<PacketEvent> packetTo(BlockingQueue<PacketEvent> received, PortRange range, int port,
                                                  Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        for (long left = within.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            PacketEvent event = received.poll(left, TimeUnit.NANOSECONDS);
            if (event != null && event.destinationPort() == port && event.transport() == range.transport()) {
                return Optional.of(event);
            }
        }
        return Optional.empty();
    }
}
