package dev.portknock.pcap;

import static dev.portknock.pcap.TestFrames.ETHERTYPE_ARP;
import static dev.portknock.pcap.TestFrames.ETHERTYPE_IPV4;
import static dev.portknock.pcap.TestFrames.ETHERTYPE_IPV6;
import static dev.portknock.pcap.TestFrames.TCP;
import static dev.portknock.pcap.TestFrames.UDP;
import static dev.portknock.pcap.TestFrames.ethernet;
import static dev.portknock.pcap.TestFrames.inet;
import static dev.portknock.pcap.TestFrames.ipv4;
import static dev.portknock.pcap.TestFrames.ipv6;
import static dev.portknock.pcap.TestFrames.sll2;
import static dev.portknock.pcap.TestFrames.tcp;
import static dev.portknock.pcap.TestFrames.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays capture files the tests write themselves. Needs libpcap installed but no privilege;
 * tagged {@code system} because the default build runs before CI installs libpcap.
 */
@Tag("system")
class OfflineCaptureTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00.000001Z");
    private static final List<PortRange> DOORS = List.of(new PortRange(7000, 7099, Transport.UDP, TcpFlagFilter.ANY));

    private static final byte[] V4_UDP_7001 = ipv4("192.0.2.10", "198.51.100.1", UDP, udp(40000, 7001, new byte[4]));
    private static final byte[] V6_SYN_8000 = ipv6("2001:db8::10", "2001:db8::1", TCP, tcp(40001, 8000, TcpFlagFilter.SYN));
    private static final byte[] V4_UDP_9999 = ipv4("192.0.2.11", "198.51.100.1", UDP, udp(40002, 9999, new byte[0]));

    @TempDir
    Path dir;

    private final List<PacketEvent> events = new CopyOnWriteArrayList<>();

    private static CaptureSpec replay(Path file) {
        return new CaptureSpec(DOORS, Optional.empty(), Optional.empty(), Optional.of(file), Clock.systemUTC(), Map.of());
    }

    private PcapCaptureSource replayed(Path file) throws Exception {
        PcapCaptureSource source = new PcapCaptureProvider().open(replay(file));
        source.start(events::add);
        assertTrue(source.awaitEnd(WAIT), "the replay ends by itself");
        source.close();
        return source;
    }

    @Test
    void everyPacketOfTheFileIsDeliveredInOrderWithItsRecordTimeAndGarbageIsSkipped() throws Exception {
        byte[] garbage = new byte[50];
        Arrays.fill(garbage, (byte) 0xFF);
        Path file = new PcapFileWriter(FrameParser.DLT_EN10MB)
                .record(T0, ethernet(ETHERTYPE_IPV4, V4_UDP_7001))
                .record(T0.plusMillis(1), ethernet(ETHERTYPE_ARP, new byte[28]))
                .record(T0.plusMillis(2), ethernet(ETHERTYPE_IPV6, V6_SYN_8000))
                .record(T0.plusMillis(3), Arrays.copyOf(ethernet(ETHERTYPE_IPV4, V4_UDP_7001), 30))
                .record(T0.plusMillis(4), garbage)
                .record(T0.plusMillis(5), ethernet(ETHERTYPE_IPV4,
                        ipv4("192.0.2.10", "198.51.100.1", UDP, 0x2000, new byte[0], udp(40000, 7002, new byte[0]))))
                .record(T0.plusMillis(6), ethernet(ETHERTYPE_IPV4, V4_UDP_9999))
                .write(dir.resolve("session.pcap"));

        PcapCaptureSource source = replayed(file);

        assertEquals(List.of(
                PacketEvent.udp(T0, inet("192.0.2.10"), inet("198.51.100.1"), 7001),
                PacketEvent.tcp(T0.plusMillis(2), inet("2001:db8::10"), inet("2001:db8::1"), 8000, TcpFlagFilter.SYN),
                PacketEvent.udp(T0.plusMillis(6), inet("192.0.2.11"), inet("198.51.100.1"), 9999)), events);
        assertEquals(new CaptureStatistics(3, 4), source.statistics());
    }

    @Test
    void aSinkThatTakesViewsGetsTheOneReusedViewAndNoEvent() throws Exception {
        Path file = new PcapFileWriter(FrameParser.DLT_EN10MB)
                .record(T0, ethernet(ETHERTYPE_IPV4, V4_UDP_7001))
                .record(T0.plusMillis(2), ethernet(ETHERTYPE_IPV6, V6_SYN_8000))
                .write(dir.resolve("views.pcap"));
        List<CapturedPacket> views = new CopyOnWriteArrayList<>();
        PcapCaptureSource source = new PcapCaptureProvider().open(replay(file));
        source.start(new PacketSink() {
            @Override
            public void accept(PacketEvent event) {
                throw new AssertionError("a capture that parses frames hands over views: " + event);
            }

            @Override
            public void accept(CapturedPacket packet) {
                views.add(packet);
                events.add(packet.toEvent());
            }
        });
        assertTrue(source.awaitEnd(WAIT), "the replay ends by itself");
        source.close();

        assertEquals(List.of(
                PacketEvent.udp(T0, inet("192.0.2.10"), inet("198.51.100.1"), 7001),
                PacketEvent.tcp(T0.plusMillis(2), inet("2001:db8::10"), inet("2001:db8::1"), 8000, TcpFlagFilter.SYN)),
                events);
        assertSame(views.get(0), views.get(1));
    }

    @Test
    void aFileOfManyBatchesIsReplayedInFullAndInOrder() throws Exception {
        PcapFileWriter writer = new PcapFileWriter(FrameParser.LINKTYPE_RAW);
        List<PacketEvent> expected = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            int port = 7000 + i % 100;
            writer.record(T0.plusMillis(i), ipv4("192.0.2.10", "198.51.100.1", UDP, udp(40000, port, new byte[0])));
            expected.add(PacketEvent.udp(T0.plusMillis(i), inet("192.0.2.10"), inet("198.51.100.1"), port));
        }

        PcapCaptureSource source = replayed(writer.write(dir.resolve("long.pcap")));

        assertEquals(expected, events);
        assertEquals(new CaptureStatistics(5_000, 0), source.statistics());
    }

    @Test
    void aFileCutShortInItsLastRecordDeliversTheRestAndCountsTheCutRecord() throws Exception {
        Path file = new PcapFileWriter(FrameParser.DLT_EN10MB)
                .record(T0, ethernet(ETHERTYPE_IPV4, V4_UDP_7001))
                .cutShort(T0.plusSeconds(1), ethernet(ETHERTYPE_IPV4, V4_UDP_9999), 10)
                .write(dir.resolve("cut.pcap"));

        PcapCaptureSource source = replayed(file);

        assertEquals(List.of(PacketEvent.udp(T0, inet("192.0.2.10"), inet("198.51.100.1"), 7001)), events);
        assertEquals(new CaptureStatistics(1, 1), source.statistics());
    }

    @Test
    void linuxCookedV2FilesAreReplayed() throws Exception {
        Path file = new PcapFileWriter(FrameParser.DLT_LINUX_SLL2)
                .record(T0, sll2(ETHERTYPE_IPV6, V6_SYN_8000))
                .write(dir.resolve("any.pcap"));

        replayed(file);

        assertEquals(List.of(PacketEvent.tcp(T0, inet("2001:db8::10"), inet("2001:db8::1"), 8000, TcpFlagFilter.SYN)), events);
    }

    @Test
    void rawIpFilesAreReplayed() throws Exception {
        Path file = new PcapFileWriter(FrameParser.LINKTYPE_RAW)
                .record(T0, V4_UDP_7001)
                .record(T0.plusSeconds(1), V6_SYN_8000)
                .write(dir.resolve("raw.pcap"));

        PcapCaptureSource source = replayed(file);

        assertEquals(2, events.size());
        assertEquals(new CaptureStatistics(2, 0), source.statistics());
    }

    @Test
    void anEmptyFileEndsWithNothingDelivered() throws Exception {
        Path file = new PcapFileWriter(FrameParser.DLT_EN10MB).write(dir.resolve("empty.pcap"));

        PcapCaptureSource source = replayed(file);

        assertEquals(List.of(), events);
        assertEquals(new CaptureStatistics(0, 0), source.statistics());
    }

    @Test
    void aSinkThatThrowsDoesNotStopTheReplay() throws Exception {
        Path file = new PcapFileWriter(FrameParser.LINKTYPE_RAW)
                .record(T0, V4_UDP_7001)
                .record(T0, V4_UDP_9999)
                .write(dir.resolve("two.pcap"));
        PcapCaptureSource source = new PcapCaptureProvider().open(replay(file));

        source.start(event -> {
            events.add(event);
            throw new IllegalStateException("sink failure");
        });

        assertTrue(source.awaitEnd(WAIT));
        assertEquals(2, events.size());
        assertEquals(new CaptureStatistics(2, 0), source.statistics());
    }

    @Test
    void aFileThatIsNotACaptureFailsToStartNamingTheFile() throws Exception {
        Path file = Files.write(dir.resolve("notes.txt"), "not a capture file at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        PcapCaptureSource source = new PcapCaptureProvider().open(replay(file));

        IOException e = assertThrows(IOException.class, () -> source.start(events::add));

        assertTrue(e.getMessage().startsWith("cannot read capture file " + file + ": "), e.getMessage());
        assertTrue(source.awaitEnd(Duration.ZERO), "a source that failed to start has ended");
    }

    @Test
    void aMissingFileFailsToStartNamingTheFile() throws Exception {
        Path file = dir.resolve("missing.pcap");
        PcapCaptureSource source = new PcapCaptureProvider().open(replay(file));

        IOException e = assertThrows(IOException.class, () -> source.start(events::add));

        assertTrue(e.getMessage().startsWith("cannot read capture file " + file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("No such file"), e.getMessage());
    }

    @Test
    void aFileOfALinkTypeTheParserDoesNotReadFailsToStart() throws Exception {
        Path file = new PcapFileWriter(105).record(T0, new byte[40]).write(dir.resolve("wifi.pcap"));
        PcapCaptureSource source = new PcapCaptureProvider().open(replay(file));

        IOException e = assertThrows(IOException.class, () -> source.start(events::add));

        assertEquals("capture file " + file + " has link type 105, which the pcap backend does not read (it reads"
                + " Ethernet, Linux cooked SLL and SLL2, raw IP and BSD loopback)", e.getMessage());
    }

    @Test
    void aSourceThatFailedToStartCannotBeStartedAgain() throws Exception {
        PcapCaptureSource source = new PcapCaptureProvider().open(replay(dir.resolve("missing.pcap")));
        assertThrows(IOException.class, () -> source.start(events::add));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> source.start(events::add));

        assertEquals("capture closed", e.getMessage());
    }

    @Test
    void startingTwiceIsMisuse() throws Exception {
        Path file = new PcapFileWriter(FrameParser.DLT_EN10MB).write(dir.resolve("empty.pcap"));
        try (PcapCaptureSource source = new PcapCaptureProvider().open(replay(file))) {
            source.start(events::add);

            IllegalStateException e = assertThrows(IllegalStateException.class, () -> source.start(events::add));

            assertEquals("capture already started", e.getMessage());
        }
    }

    @Test
    void closingBeforeStartingEndsTheSourceAndClosingIsIdempotent() throws Exception {
        PcapCaptureSource source = new PcapCaptureProvider().open(replay(dir.resolve("never-read.pcap")));

        source.close();
        source.close();

        assertTrue(source.awaitEnd(Duration.ZERO));
        assertEquals(new CaptureStatistics(0, 0), source.statistics());
        assertEquals("capture closed", assertThrows(IllegalStateException.class, () -> source.start(events::add)).getMessage());
    }

    @Test
    void closingAfterTheReplayEndedIsHarmless() throws Exception {
        Path file = new PcapFileWriter(FrameParser.LINKTYPE_RAW).record(T0, V4_UDP_7001).write(dir.resolve("one.pcap"));
        PcapCaptureSource source = replayed(file);

        source.close();

        assertEquals(new CaptureStatistics(1, 0), source.statistics());
    }
}
