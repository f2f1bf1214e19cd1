package dev.portknock.pcap;

import static dev.portknock.pcap.TestFrames.inet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.core.PacketEvent;
import dev.portknock.core.PortRange;
import dev.portknock.core.TcpFlagFilter;
import dev.portknock.core.Transport;
import dev.portknock.spi.CaptureSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Live capture on the loopback interface {@code lo}: needs root (or CAP_NET_RAW) and libpcap.
 * Ports lie below the ephemeral range, so replies to clients never land in the doors.
 */
@Tag("system")
class LoopbackLiveCaptureSystemTest {
    private static final int UDP_FIRST = 21470;
    private static final int UDP_LAST = 21479;
    private static final int TCP_FIRST = 21480;
    private static final int TCP_LAST = 21489;
    private static final int OUTSIDE = 21490;
    private static final List<PortRange> DOORS = List.of(
            new PortRange(UDP_FIRST, UDP_LAST, Transport.UDP, TcpFlagFilter.ANY),
            new PortRange(TCP_FIRST, TCP_LAST, Transport.TCP, TcpFlagFilter.SYN_ONLY));

    private final BlockingQueue<PacketEvent> events = new LinkedBlockingQueue<>();
    private PcapCaptureSource source;

    @AfterEach
    void close() {
        if (source != null) {
            source.close();
        }
    }

    private void capture(String listenAddress) throws IOException {
        CaptureSpec spec = new CaptureSpec(DOORS, Optional.of("lo"), Optional.of(inet(listenAddress)), Optional.empty(),
                Clock.systemUTC(), Map.of());
        source = new PcapCaptureProvider().open(spec);
        source.start(events::add);
    }

    private static void sendUdp(InetAddress to, int port) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(to, 0))) {
            socket.send(new DatagramPacket(new byte[] {1, 2, 3}, 3, to, port));
        }
    }

    /** A connect to a port nobody listens on: one SYN goes out, an RST comes back. */
    private static void connectToClosedPort(InetAddress to, int port) {
        assertThrows(ConnectException.class, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(to, port), 2000);
            }
        });
    }

    /** The events for our ports up to and including the first on {@code marker}, which must arrive. */
    private List<PacketEvent> eventsThrough(int marker) throws InterruptedException {
        List<PacketEvent> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            PacketEvent event = events.poll(100, TimeUnit.MILLISECONDS);
            if (event == null || event.destinationPort() < UDP_FIRST || event.destinationPort() > OUTSIDE) {
                continue;
            }
            seen.add(event);
            if (event.destinationPort() == marker) {
                return seen;
            }
        }
        throw new AssertionError("no packet to port " + marker + " arrived; saw " + seen);
    }

    private void assertDoorTrafficArrives(String address) throws Exception {
        InetAddress local = inet(address);
        Instant before = Instant.now().minusMillis(1);
        sendUdp(local, OUTSIDE);
        sendUdp(local, UDP_FIRST + 3);
        connectToClosedPort(local, TCP_FIRST + 2);
        sendUdp(local, UDP_LAST);

        List<PacketEvent> seen = eventsThrough(UDP_LAST);

        assertEquals(3, seen.size(), "seen " + seen);
        PacketEvent udp = seen.get(0);
        assertEquals(Transport.UDP, udp.transport());
        assertEquals(UDP_FIRST + 3, udp.destinationPort());
        assertEquals(local, udp.source());
        assertEquals(local, udp.destination());
        assertTrue(!udp.time().isBefore(before) && !udp.time().isAfter(Instant.now()), "capture time " + udp.time());
        PacketEvent syn = seen.get(1);
        assertEquals(Transport.TCP, syn.transport());
        assertEquals(TCP_FIRST + 2, syn.destinationPort());
        assertEquals(TcpFlagFilter.SYN, syn.tcpFlags() & (TcpFlagFilter.SYN | TcpFlagFilter.ACK));
        assertFalse(seen.stream().anyMatch(event -> event.destinationPort() == OUTSIDE), "nothing outside the doors");
        assertTrue(source.statistics().delivered() >= 3);
    }

    @Test
    void udpAndTcpSynToDoorPortsOnIpv4ArriveAndOtherPortsDoNot() throws Exception {
        capture("127.0.0.1");
        assertDoorTrafficArrives("127.0.0.1");
    }

    @Test
    void udpAndTcpSynToDoorPortsOnIpv6ArriveAndOtherPortsDoNot() throws Exception {
        capture("::1");
        assertDoorTrafficArrives("::1");
    }

    @Test
    void aSynOnlyDoorSeesAnEstablishedConnectionsSynAndNothingElse() throws Exception {
        capture("127.0.0.1");
        InetAddress local = inet("127.0.0.1");
        try (ServerSocket server = new ServerSocket(TCP_LAST, 1, local);
             Socket client = new Socket(local, TCP_LAST);
             Socket accepted = server.accept()) {
            OutputStream out = client.getOutputStream();
            out.write(new byte[] {1, 2, 3});
            out.flush();
            InputStream in = accepted.getInputStream();
            assertEquals(3, in.readNBytes(3).length);
        }
        sendUdp(local, UDP_LAST);

        List<PacketEvent> seen = eventsThrough(UDP_LAST);

        List<PacketEvent> tcp = seen.stream().filter(event -> event.destinationPort() == TCP_LAST).toList();
        assertEquals(1, tcp.size(), "only the SYN passes the filter: " + seen);
        assertEquals(TcpFlagFilter.SYN, tcp.get(0).tcpFlags() & (TcpFlagFilter.SYN | TcpFlagFilter.ACK));
    }

    @Test
    void anotherDestinationAddressIsFilteredOut() throws Exception {
        capture("127.0.0.1");
        sendUdp(inet("127.0.0.2"), UDP_FIRST);
        sendUdp(inet("127.0.0.1"), UDP_LAST);

        List<PacketEvent> seen = eventsThrough(UDP_LAST);

        assertEquals(List.of(UDP_LAST), seen.stream().map(PacketEvent::destinationPort).toList());
    }

    @Test
    void aBurstOfManyBatchesArrivesInFullAndInOrder() throws Exception {
        // a large ring (512 blocks of 256 KiB: a second of 2 ms blocks), so that a loaded test
        // machine that leaves the capture thread waiting does not drop part of the burst
        CaptureSpec spec = new CaptureSpec(DOORS, Optional.of("lo"), Optional.of(inet("127.0.0.1")), Optional.empty(),
                Clock.systemUTC(), Map.of("buffer_size", Integer.toString(128 * 1024 * 1024)));
        source = new PcapCaptureProvider().open(spec);
        source.start(events::add);
        InetAddress local = inet("127.0.0.1");
        int burst = 3 * BatchReader.CAPACITY / (FrameBatch.RECORD_HEADER + PcapCaptureSource.SNAPLEN);
        List<Integer> sent = new ArrayList<>();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(local, 0))) {
            for (int i = 0; i < burst; i++) {
                int port = UDP_FIRST + i % (UDP_LAST - UDP_FIRST);
                socket.send(new DatagramPacket(new byte[1], 1, local, port));
                sent.add(port);
            }
        }
        sendUdp(local, UDP_LAST);

        List<PacketEvent> seen = eventsThrough(UDP_LAST);

        assertEquals(sent, seen.subList(0, seen.size() - 1).stream().map(PacketEvent::destinationPort).toList());
    }

    @Test
    void closeStopsTheCaptureThreadPromptly() throws Exception {
        capture("127.0.0.1");
        Instant start = Instant.now();

        source.close();

        assertTrue(source.awaitEnd(Duration.ZERO), "close waits for the capture thread");
        assertTrue(Duration.between(start, Instant.now()).compareTo(Duration.ofSeconds(2)) < 0);
        sendUdp(inet("127.0.0.1"), UDP_FIRST);
        assertEquals(null, events.poll(300, TimeUnit.MILLISECONDS));
    }

    @Test
    void aMissingInterfaceFailsToStartNamingIt() throws Exception {
        CaptureSpec spec = new CaptureSpec(DOORS, Optional.of("knock-absent0"), Optional.empty(), Optional.empty(),
                Clock.systemUTC(), Map.of());
        source = new PcapCaptureProvider().open(spec);

        IOException e = assertThrows(IOException.class, () -> source.start(events::add));

        assertNotNull(e.getMessage());
        assertTrue(e.getMessage().startsWith("no such network interface 'knock-absent0' (list them with 'ip link'): "),
                e.getMessage());
    }

    @Test
    void packetsLostToAFullBufferAreCountedAsDropped() throws Exception {
        CaptureSpec spec = new CaptureSpec(DOORS, Optional.of("lo"), Optional.of(inet("127.0.0.1")), Optional.empty(),
                Clock.systemUTC(), Map.of("buffer_size", "65536"));
        source = new PcapCaptureProvider().open(spec);
        CountDownLatch release = new CountDownLatch(1);
        // the sink holds the capture thread, so the kernel buffer fills up behind it
        source.start(event -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        InetAddress local = inet("127.0.0.1");
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(local, 0))) {
            for (int i = 0; i < 2000; i++) {
                socket.send(new DatagramPacket(new byte[1000], 1000, local, UDP_FIRST));
            }
        }
        release.countDown();

        // libpcap's counters are read on the capture thread as packets arrive: keep a trickle going
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (source.statistics().dropped() == 0 && System.nanoTime() < deadline) {
            sendUdp(local, UDP_LAST);
            Thread.sleep(100);
        }

        assertTrue(source.statistics().dropped() > 0, "statistics " + source.statistics());
        // the kernel ring takes each lo packet twice (sent and received; libpcap discards the sent copy)
        assertTrue(source.statistics().delivered() < 4000, "statistics " + source.statistics());
    }
}
