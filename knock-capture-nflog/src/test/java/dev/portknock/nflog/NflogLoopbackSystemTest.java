package dev.portknock.nflog;

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
import dev.portknock.spi.CaptureStatistics;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The nflog capture live on loopback, in this host's namespace (root, nft): what the contract
 * does not pin. Ports 30971..30974 and a group of this run's own keep it apart from other tests;
 * every table it makes is gone after each test.
 */
@Tag("system")
class NflogLoopbackSystemTest {
    private static final int GROUP = 50_001 + (int) (ProcessHandle.current().pid() % 15_000);
    private static final int FIRST = 30971;
    private static final int LAST = 30974;
    private static final String TABLE = "inet portknock_nflog_" + GROUP;

    private final List<NflogCaptureSource> sources = new ArrayList<>();
    private final BlockingQueue<PacketEvent> received = new LinkedBlockingQueue<>();

    @AfterEach
    void closeSourcesAndCheckTheTableIsGone() {
        sources.forEach(NflogCaptureSource::close);
        assertFalse(tableExists(), "table " + TABLE + " is gone after the test");
    }

    private NflogCaptureSource started(Transport transport, TcpFlagFilter flags, InetAddress listen, Clock clock)
            throws IOException {
        NflogCaptureSource source = new NflogCaptureProvider().open(new CaptureSpec(
                List.of(new PortRange(FIRST, LAST, transport, flags)), Optional.empty(), Optional.of(listen),
                Optional.empty(), clock, Map.of(NflogOptions.GROUP, Integer.toString(GROUP))));
        sources.add(source);
        source.start(received::add);
        return source;
    }

    private static void sendUdp(InetAddress to, int port) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(to, 0))) {
            socket.send(new DatagramPacket(new byte[0], 0, to, port));
        }
    }

    private PacketEvent next() throws InterruptedException {
        PacketEvent event = received.poll(5, TimeUnit.SECONDS);
        assertNotNull(event, "a packet within 5 s");
        return event;
    }

    private static boolean tableExists() {
        return Nft.succeeds("list table " + TABLE + "\n");
    }

    @Test
    void packetsCarryTheKernelsArrivalTimeNotTheClocks() throws Exception {
        Clock stopped = Clock.fixed(Instant.parse("2000-01-01T00:00:00Z"), ZoneOffset.UTC);
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        started(Transport.UDP, TcpFlagFilter.ANY, loopback, stopped);
        Instant before = Instant.now();

        sendUdp(loopback, FIRST);

        Instant time = next().time();
        Instant after = Instant.now();
        assertFalse(time.isBefore(before.minusMillis(1)) || time.isAfter(after), before + " <= " + time + " <= " + after);
    }

    @Test
    void anIpv6TcpSynIsDeliveredWithItsFlagsAndDroppedBeforeTheStack() throws Exception {
        InetAddress loopback = InetAddress.getByName("::1");
        started(Transport.TCP, TcpFlagFilter.SYN_ONLY, loopback, Clock.systemUTC());

        try (Socket socket = new Socket()) {
            // nothing listens, yet the connect times out instead of being refused: the rule dropped the SYN
            assertThrows(SocketTimeoutException.class, () -> socket.connect(new InetSocketAddress(loopback, LAST), 300));
        }

        PacketEvent event = next();
        assertEquals(Transport.TCP, event.transport());
        assertEquals(LAST, event.destinationPort());
        assertEquals(TcpFlagFilter.SYN, event.tcpFlags() & (TcpFlagFilter.SYN | TcpFlagFilter.ACK));
        assertTrue(event.source() instanceof Inet6Address && event.source().isLoopbackAddress(), event.source().toString());
    }

    @Test
    void aBurstArrivesCompleteAndInOrder() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        NflogCaptureSource source = started(Transport.UDP, TcpFlagFilter.ANY, loopback, Clock.systemUTC());
        List<Integer> sent = new ArrayList<>();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            for (int i = 0; i < 2000; i++) {
                int port = FIRST + (i * 7) % (LAST - FIRST + 1);
                socket.send(new DatagramPacket(new byte[0], 0, loopback, port));
                sent.add(port);
            }
        }

        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            ports.add(next().destinationPort());
        }
        assertEquals(sent, ports);
        assertEquals(0, source.statistics().dropped());
        assertEquals(2000, source.statistics().delivered());
    }

    @Test
    void packetsLostToAFullSocketAreCountedAsDroppedAndTheRestDelivered() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        CountDownLatch stalled = new CountDownLatch(1);
        AtomicLong seen = new AtomicLong();
        NflogCaptureSource source = new NflogCaptureProvider().open(new CaptureSpec(
                List.of(new PortRange(FIRST, LAST, Transport.UDP, TcpFlagFilter.ANY)), Optional.empty(),
                Optional.of(loopback), Optional.empty(), Clock.systemUTC(),
                Map.of(NflogOptions.GROUP, Integer.toString(GROUP), NflogOptions.BUFFER_SIZE, "262144")));
        sources.add(source);
        // the sink stalls on the first packet, as a descheduled capture thread would, so the socket fills
        source.start(event -> {
            seen.incrementAndGet();
            awaitQuietly(stalled);
        });
        int sent = 30_000;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            for (int i = 0; i < sent; i++) {
                socket.send(new DatagramPacket(new byte[0], 0, loopback, FIRST));
            }
            stalled.countDown();
            awaitCounted(source, sent / 2);
            // one more packet after the rest, so a gap at the very end shows in its sequence number
            Thread.sleep(200);
            socket.send(new DatagramPacket(new byte[0], 0, loopback, LAST));
        }

        awaitCounted(source, sent + 1);
        CaptureStatistics statistics = source.statistics();
        assertTrue(statistics.dropped() > 0, "a 256 KiB buffer overran: " + statistics);
        assertEquals(sent + 1, statistics.delivered() + statistics.dropped(), statistics.toString());
        assertEquals(statistics.delivered(), seen.get());
    }

    /** Waits until delivered and dropped packets add up to at least {@code count}, for up to 10 s. */
    private static void awaitCounted(NflogCaptureSource source, long count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            CaptureStatistics statistics = source.statistics();
            if (statistics.delivered() + statistics.dropped() >= count) {
                return;
            }
            Thread.sleep(20);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void theTableExistsWhileTheCaptureRunsAndGoesWithIt() throws Exception {
        NflogCaptureSource source = started(Transport.UDP, TcpFlagFilter.ANY, InetAddress.getByName("127.0.0.1"),
                Clock.systemUTC());
        assertTrue(tableExists());

        source.close();

        assertFalse(tableExists());
    }

    @Test
    void aTableLeftByAKilledRunIsReplacedAtStart() throws Exception {
        Nft.run("add table " + TABLE + "\nadd chain " + TABLE + " knocks { type filter hook input priority 0; }\n"
                + "add rule " + TABLE + " knocks udp dport 1 drop\n", "planting", TABLE);

        started(Transport.UDP, TcpFlagFilter.ANY, InetAddress.getByName("127.0.0.1"), Clock.systemUTC());

        String table = list();
        assertFalse(table.contains("udp dport 1 drop"), table);
        assertTrue(table.contains("udp dport " + FIRST + "-" + LAST + " log group " + GROUP + " drop"), table);
    }

    @Test
    void aSecondCaptureOfTheSameGroupIsRefusedAndLeavesTheFirstsTable() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        started(Transport.UDP, TcpFlagFilter.ANY, loopback, Clock.systemUTC());
        String table = list();

        IOException e = assertThrows(IOException.class,
                () -> started(Transport.UDP, TcpFlagFilter.ANY, loopback, Clock.systemUTC()));

        assertEquals("nflog group " + GROUP + " is bound by another process (another knock server, ulogd?): choose"
                + " another group with the nflog capture option group", e.getMessage());
        assertEquals(table, list());
        sendUdp(loopback, FIRST);
        assertEquals(FIRST, next().destinationPort());
    }

    private static String list() throws IOException {
        Process nft = new ProcessBuilder("nft", "list", "table", "inet", "portknock_nflog_" + GROUP)
                .redirectErrorStream(true).start();
        return new String(nft.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
