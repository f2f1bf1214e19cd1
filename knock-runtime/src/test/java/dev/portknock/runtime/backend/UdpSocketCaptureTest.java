package dev.portknock.runtime.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.core.PacketEvent;
import dev.portknock.core.PortRange;
import dev.portknock.core.TcpFlagFilter;
import dev.portknock.core.Transport;
import dev.portknock.spi.CaptureSource;
import dev.portknock.spi.CaptureSpec;
import dev.portknock.spi.CaptureStatistics;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UdpSocketCaptureTest {
    private static final int PORTS = 4;
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    private final BlockingQueue<PacketEvent> received = new LinkedBlockingQueue<>();
    private InetAddress loopback;
    private int first;
    private CaptureSource capture;

    @BeforeEach
    void findPorts() throws IOException {
        loopback = InetAddress.getByName("127.0.0.1");
        first = FreeUdpPorts.find(PORTS);
    }

    @AfterEach
    void closeCapture() {
        if (capture != null) {
            capture.close();
        }
    }

    private CaptureSpec spec(Optional<InetAddress> address, PortRange... ranges) {
        return new CaptureSpec(List.of(ranges), Optional.empty(), address, Optional.empty(),
                Clock.fixed(NOW, ZoneOffset.UTC), Map.of());
    }

    private PortRange udp(int from, int to) {
        return new PortRange(from, to, Transport.UDP, TcpFlagFilter.SYN_ONLY);
    }

    private CaptureSource open() {
        capture = new UdpSocketCaptureProvider().open(spec(Optional.of(loopback), udp(first, first + PORTS - 1)));
        return capture;
    }

    private static void send(String from, int port) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(from), 0))) {
            byte[] payload = {1, 2, 3};
            socket.send(new DatagramPacket(payload, payload.length, InetAddress.getByName("127.0.0.1"), port));
        }
    }

    private PacketEvent next() throws InterruptedException {
        PacketEvent event = received.poll(10, TimeUnit.SECONDS);
        assertNotNull(event, "a datagram arrived");
        return event;
    }

    @Test
    void deliversEachDatagramWithSourceDestinationAndPort() throws Exception {
        open().start(received::add);
        send("127.0.0.1", first + 2);
        assertEquals(PacketEvent.udp(NOW, loopback, loopback, first + 2), next());
    }

    @Test
    void reportsTheSenderAddress() throws Exception {
        open().start(received::add);
        send("127.0.0.2", first);
        assertEquals(InetAddress.getByName("127.0.0.2"), next().source());
    }

    @Test
    void countsDeliveredPackets() throws Exception {
        open().start(received::add);
        send("127.0.0.1", first);
        send("127.0.0.1", first + 3);
        next();
        next();
        assertEquals(new CaptureStatistics(2, 0), capture.statistics());
    }

    @Test
    void throwingSinkDoesNotStopTheCapture() throws Exception {
        CountDownLatch thrown = new CountDownLatch(1);
        open().start(event -> {
            if (thrown.getCount() > 0) {
                thrown.countDown();
                throw new IllegalStateException("sink broke");
            }
            received.add(event);
        });
        send("127.0.0.1", first);
        assertTrue(thrown.await(10, TimeUnit.SECONDS), "the sink saw the first datagram");
        send("127.0.0.1", first + 1);
        assertEquals(first + 1, next().destinationPort());
    }

    @Test
    void portInUseFailsNamingItAndLeavesNothingBound() throws Exception {
        try (DatagramSocket squatter = new DatagramSocket(new InetSocketAddress(loopback, first + 2))) {
            assertTrue(squatter.isBound());
            IOException e = assertThrows(IOException.class, () -> open().start(received::add));
            assertEquals("udp-socket capture cannot bind 127.0.0.1 port " + (first + 2) + ": Address already in use",
                    e.getMessage());
            assertTrue(FreeUdpPorts.allFree(loopback, first, 2), "ports bound before the failure were released");
        }
        assertTrue(FreeUdpPorts.allFree(loopback, first, PORTS));
    }

    @Test
    void closeReleasesThePorts() throws Exception {
        open().start(received::add);
        assertFalse(FreeUdpPorts.allFree(loopback, first, 1));
        capture.close();
        assertTrue(FreeUdpPorts.allFree(loopback, first, PORTS));
    }

    @Test
    void closeFromTheSinkStopsTheCaptureAndReleasesThePorts() throws Exception {
        open().start(event -> {
            capture.close();
            received.add(event);
        });
        send("127.0.0.1", first);
        next();
        for (int attempt = 0; attempt < 100 && !FreeUdpPorts.allFree(loopback, first, PORTS); attempt++) {
            Thread.sleep(50);
        }
        assertTrue(FreeUdpPorts.allFree(loopback, first, PORTS));
    }

    @Test
    void closeIsIdempotentAndWorksBeforeStart() {
        open();
        capture.close();
        capture.close();
        assertTrue(FreeUdpPorts.allFree(loopback, first, PORTS));
    }

    @Test
    void overlappingRangesBindEachPortOnce() throws Exception {
        capture = new UdpSocketCaptureProvider().open(spec(Optional.of(loopback),
                udp(first, first + 2), udp(first + 1, first + 3)));
        capture.start(received::add);
        send("127.0.0.1", first + 3);
        assertEquals(first + 3, next().destinationPort());
    }

    @Test
    void startingTwiceIsMisuse() throws Exception {
        open().start(received::add);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> capture.start(received::add));
        assertEquals("capture already started", e.getMessage());
    }

    @Test
    void startingAfterCloseIsMisuse() {
        open().close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> capture.start(received::add));
        assertEquals("capture is closed", e.getMessage());
    }

    @Test
    void tcpRangeNeedsPcap() {
        PortRange tcp = new PortRange(first, first + 1, Transport.TCP, TcpFlagFilter.SYN_ONLY);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new UdpSocketCaptureProvider().open(spec(Optional.of(loopback), udp(first, first), tcp)));
        assertEquals("udp-socket capture cannot see tcp knocks (ports " + first + ".." + (first + 1)
                + "); use the pcap capture for tcp", e.getMessage());
    }

    @Test
    void listenAddressIsRequired() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new UdpSocketCaptureProvider().open(spec(Optional.empty(), udp(first, first))));
        assertEquals("udp-socket capture needs a listen address", e.getMessage());
    }

    @Test
    void tooLowDescriptorLimitFailsNamingTheLimitAndTheNeed() {
        FileDescriptorBudget budget = new FileDescriptorBudget() {
            @Override
            public OptionalLong limit() {
                return OptionalLong.of(1024);
            }

            @Override
            public OptionalLong open() {
                return OptionalLong.of(100);
            }
        };
        int[] ports = new int[4096];
        for (int i = 0; i < ports.length; i++) {
            ports[i] = 20_000 + i;
        }
        capture = new UdpSocketCapture(loopback, ports, Clock.systemUTC(), budget);
        IOException e = assertThrows(IOException.class, () -> capture.start(received::add));
        assertEquals("udp-socket capture needs 4099 file descriptors for 4096 ports, but the file descriptor"
                + " limit (ulimit -n) is 1024 with 100 in use; raise it to at least 4199", e.getMessage());
    }
}
