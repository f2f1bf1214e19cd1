package dev.portknock.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.core.CapturedPacket;
import dev.portknock.core.PacketEvent;
import dev.portknock.core.PortRange;
import dev.portknock.core.TcpFlagFilter;
import dev.portknock.core.Transport;
import dev.portknock.spi.CaptureSpec;
import dev.portknock.spi.CaptureStatistics;
import dev.portknock.spi.PacketSink;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The in-memory capture keeps the capture contract, and delivers synchronously. */
class InMemoryCaptureTest extends CaptureSourceContract<InMemoryCapture> {
    private static final InetAddress CLIENT = address(192, 0, 2, 7);
    private static final InetAddress SERVER = address(198, 51, 100, 1);

    private static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (java.net.UnknownHostException impossible) {
            throw new AssertionError(impossible);
        }
    }

    private static PacketEvent packet(int port) {
        return PacketEvent.udp(Instant.parse("2026-01-01T00:00:00Z"), CLIENT, SERVER, port);
    }

    @Override
    protected InMemoryCapture createSource(CaptureSpec spec) {
        return new InMemoryCaptureProvider().open(spec);
    }

    @Override
    protected void send(InMemoryCapture source, PortRange range, int port) {
        source.inject(range.transport() == Transport.UDP ? packet(port)
                : PacketEvent.tcp(Instant.EPOCH, CLIENT, SERVER, port, TcpFlagFilter.SYN));
    }

    @Test
    void injectingBeforeStartIsRejected() {
        InMemoryCapture capture = new InMemoryCapture();

        assertEquals("the capture is not started",
                assertThrows(IllegalStateException.class, () -> capture.inject(packet(1000))).getMessage());
    }

    @Test
    void injectingAfterCloseIsRejected() {
        InMemoryCapture capture = new InMemoryCapture();
        capture.start(event -> { });
        capture.close();

        assertEquals("the capture is closed",
                assertThrows(IllegalStateException.class, () -> capture.inject(packet(1000))).getMessage());
    }

    @Test
    void startingTwiceSaysSo() {
        InMemoryCapture capture = new InMemoryCapture();
        capture.start(event -> { });

        assertEquals("the capture is already started",
                assertThrows(IllegalStateException.class, () -> capture.start(event -> { })).getMessage());
    }

    @Test
    void startingAfterCloseSaysSo() {
        InMemoryCapture capture = new InMemoryCapture();
        capture.close();

        assertEquals("the capture is closed",
                assertThrows(IllegalStateException.class, () -> capture.start(event -> { })).getMessage());
    }

    @Test
    void injectDeliversOnTheInjectingThreadBeforeReturning() {
        List<PacketEvent> received = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        InMemoryCapture capture = new InMemoryCapture();
        capture.start(event -> {
            received.add(event);
            threads.add(Thread.currentThread());
        });

        capture.inject(packet(1000));

        assertEquals(List.of(packet(1000)), received);
        assertEquals(List.of(Thread.currentThread()), threads);
    }

    @Test
    void anInjectedViewReachesTheSinksViewMethodAsItIs() {
        List<CapturedPacket> views = new ArrayList<>();
        InMemoryCapture capture = new InMemoryCapture();
        capture.start(new PacketSink() {
            @Override
            public void accept(PacketEvent event) {
                throw new AssertionError("a view goes to accept(CapturedPacket): " + event);
            }

            @Override
            public void accept(CapturedPacket packet) {
                views.add(packet);
            }
        });
        CapturedPacket view = new CapturedPacket().of(packet(1000));

        capture.inject(view);

        assertEquals(1, views.size());
        assertSame(view, views.get(0));
        assertEquals(new CaptureStatistics(1, 0), capture.statistics());
    }

    @Test
    void anInjectedViewReachesASinkOfEventsAsItsEvent() {
        List<PacketEvent> received = new ArrayList<>();
        InMemoryCapture capture = new InMemoryCapture();
        capture.start(received::add);

        capture.inject(new CapturedPacket().of(packet(1000)));

        assertEquals(List.of(packet(1000)), received);
    }

    @Test
    void injectingAViewBeforeStartIsRejected() {
        InMemoryCapture capture = new InMemoryCapture();
        assertEquals("the capture is not started", assertThrows(IllegalStateException.class,
                () -> capture.inject(new CapturedPacket().of(packet(1000)))).getMessage());
    }

    @Test
    void everyInjectedPacketIsDeliveredAndCounted() {
        List<PacketEvent> received = new ArrayList<>();
        InMemoryCapture capture = new InMemoryCapture();
        capture.start(received::add);

        capture.inject(packet(1000));
        capture.inject(packet(65535));
        capture.inject(packet(0));

        assertEquals(List.of(packet(1000), packet(65535), packet(0)), received);
        assertEquals(new CaptureStatistics(3, 0), capture.statistics());
    }

    @Test
    void anExceptionFromTheSinkReachesTheInjectorAndTheCaptureGoesOn() {
        List<PacketEvent> received = new ArrayList<>();
        InMemoryCapture capture = new InMemoryCapture();
        capture.start(event -> {
            received.add(event);
            if (event.destinationPort() == 1) {
                throw new IllegalArgumentException("sink bug");
            }
        });

        assertEquals("sink bug",
                assertThrows(IllegalArgumentException.class, () -> capture.inject(packet(1))).getMessage());
        capture.inject(packet(2));

        assertEquals(2, received.size());
        assertEquals(2, capture.statistics().delivered());
    }

    @Test
    void packetsInjectedFromManyThreadsReachTheSinkOneAtATime() throws Exception {
        int threads = 8;
        int perThread = 2_000;
        AtomicBoolean inside = new AtomicBoolean();
        AtomicBoolean overlapped = new AtomicBoolean();
        int[] unsynchronizedCount = new int[1];
        InMemoryCapture capture = new InMemoryCapture();
        capture.start(event -> {
            if (!inside.compareAndSet(false, true)) {
                overlapped.set(true);
            }
            unsynchronizedCount[0]++;
            inside.set(false);
        });

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        capture.inject(packet(1000 + i % 10));
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertFalse(overlapped.get(), "two packets were in the sink at once");
        assertEquals(threads * perThread, unsynchronizedCount[0]);
        assertEquals(threads * perThread, capture.statistics().delivered());
    }

    @Test
    void isRunningOnlyBetweenStartAndClose() {
        InMemoryCapture capture = new InMemoryCapture();
        assertFalse(capture.isRunning());

        capture.start(event -> { });
        assertTrue(capture.isRunning());

        capture.close();
        assertFalse(capture.isRunning());
    }

    @Test
    void theProviderOpensACaptureForTheSpecAndRemembersIt() {
        InMemoryCaptureProvider provider = new InMemoryCaptureProvider();
        CaptureSpec spec = CaptureSpec.of(List.of(new PortRange(1000, 1009, Transport.UDP, TcpFlagFilter.ANY)));

        InMemoryCapture capture = provider.open(spec);

        assertEquals(Optional.of(spec), capture.spec());
        assertEquals(List.of(capture), provider.opened());
        assertSame(capture, provider.opened().get(0));
    }

    @Test
    void theProviderHasItsIdAndNeedsNothing() {
        InMemoryCaptureProvider provider = new InMemoryCaptureProvider();

        assertEquals("in-memory", provider.id());
        assertEquals(java.util.Set.of(), provider.requirements());
    }

    @Test
    void aCaptureMadeDirectlyHasNoSpec() {
        assertEquals(Optional.empty(), new InMemoryCapture().spec());
    }
}
