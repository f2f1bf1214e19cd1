package dev.portknock.pcap;

import static dev.portknock.pcap.TestFrames.ETHERTYPE_ARP;
import static dev.portknock.pcap.TestFrames.ETHERTYPE_IPV4;
import static dev.portknock.pcap.TestFrames.ETHERTYPE_IPV6;
import static dev.portknock.pcap.TestFrames.ETHERTYPE_QINQ;
import static dev.portknock.pcap.TestFrames.ETHERTYPE_VLAN;
import static dev.portknock.pcap.TestFrames.ICMP;
import static dev.portknock.pcap.TestFrames.TCP;
import static dev.portknock.pcap.TestFrames.UDP;
import static dev.portknock.pcap.TestFrames.authenticationHeader;
import static dev.portknock.pcap.TestFrames.concat;
import static dev.portknock.pcap.TestFrames.ethernet;
import static dev.portknock.pcap.TestFrames.fragmentHeader;
import static dev.portknock.pcap.TestFrames.inet;
import static dev.portknock.pcap.TestFrames.ipv4;
import static dev.portknock.pcap.TestFrames.ipv6;
import static dev.portknock.pcap.TestFrames.loopback;
import static dev.portknock.pcap.TestFrames.optionsHeader;
import static dev.portknock.pcap.TestFrames.sll;
import static dev.portknock.pcap.TestFrames.sll2;
import static dev.portknock.pcap.TestFrames.tcp;
import static dev.portknock.pcap.TestFrames.udp;
import static dev.portknock.pcap.TestFrames.vlanTagged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portknock.core.CapturedPacket;
import dev.portknock.core.PacketEvent;
import dev.portknock.core.TcpFlagFilter;
import java.net.Inet6Address;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameParserTest {
    private static final Instant TIME = Instant.parse("2026-03-01T12:00:00.123456Z");
    private static final String V4_SOURCE = "192.0.2.10";
    private static final String V4_DESTINATION = "198.51.100.1";
    private static final String V6_SOURCE = "2001:db8::10";
    private static final String V6_DESTINATION = "2001:db8::1";

    private static final byte[] UDP_7000 = udp(40000, 7000, new byte[0]);
    private static final byte[] TCP_SYN_8000 = tcp(40001, 8000, TcpFlagFilter.SYN);
    private static final byte[] V4_UDP = ipv4(V4_SOURCE, V4_DESTINATION, UDP, UDP_7000);
    private static final byte[] V4_TCP = ipv4(V4_SOURCE, V4_DESTINATION, TCP, TCP_SYN_8000);
    private static final byte[] V6_UDP = ipv6(V6_SOURCE, V6_DESTINATION, UDP, UDP_7000);
    private static final byte[] V6_TCP = ipv6(V6_SOURCE, V6_DESTINATION, TCP, TCP_SYN_8000);

    private static final PacketEvent V4_UDP_EVENT =
            PacketEvent.udp(TIME, inet(V4_SOURCE), inet(V4_DESTINATION), 7000);
    private static final PacketEvent V4_TCP_EVENT =
            PacketEvent.tcp(TIME, inet(V4_SOURCE), inet(V4_DESTINATION), 8000, TcpFlagFilter.SYN);
    private static final PacketEvent V6_UDP_EVENT =
            PacketEvent.udp(TIME, inet(V6_SOURCE), inet(V6_DESTINATION), 7000);
    private static final PacketEvent V6_TCP_EVENT =
            PacketEvent.tcp(TIME, inet(V6_SOURCE), inet(V6_DESTINATION), 8000, TcpFlagFilter.SYN);

    /** A valid frame of every link type, headers only, so every shorter prefix is truncated. */
    private static final Map<String, Case> EVERY_LINK_TYPE = Map.ofEntries(
            Map.entry("ethernet ipv4 udp", new Case(FrameParser.DLT_EN10MB, ethernet(ETHERTYPE_IPV4, V4_UDP))),
            Map.entry("ethernet ipv6 tcp", new Case(FrameParser.DLT_EN10MB, ethernet(ETHERTYPE_IPV6, V6_TCP))),
            Map.entry("vlan ipv4 tcp", new Case(FrameParser.DLT_EN10MB,
                    vlanTagged(ETHERTYPE_VLAN, 42, ETHERTYPE_IPV4, V4_TCP))),
            Map.entry("sll ipv4 udp", new Case(FrameParser.DLT_LINUX_SLL, sll(ETHERTYPE_IPV4, V4_UDP))),
            Map.entry("sll2 ipv6 udp", new Case(FrameParser.DLT_LINUX_SLL2, sll2(ETHERTYPE_IPV6, V6_UDP))),
            Map.entry("raw ipv4", new Case(FrameParser.DLT_RAW, V4_TCP)),
            Map.entry("linktype raw ipv6", new Case(FrameParser.LINKTYPE_RAW, V6_UDP)),
            Map.entry("ipv4 only", new Case(FrameParser.LINKTYPE_IPV4, V4_UDP)),
            Map.entry("ipv6 only", new Case(FrameParser.LINKTYPE_IPV6, V6_TCP)),
            Map.entry("null ipv4", new Case(FrameParser.DLT_NULL, loopback(2, ByteOrder.LITTLE_ENDIAN, V4_UDP))),
            Map.entry("loop ipv6", new Case(FrameParser.DLT_LOOP, loopback(24, ByteOrder.BIG_ENDIAN, V6_TCP))),
            Map.entry("ipv6 extension headers", new Case(FrameParser.DLT_RAW, ipv6(V6_SOURCE, V6_DESTINATION, 0,
                    optionsHeader(43, optionsHeader(51, authenticationHeader(60, optionsHeader(UDP, UDP_7000))))))));

    private record Case(int linkType, byte[] frame) {
    }

    private static ParsedFrame parse(int linkType, byte[] frame) {
        return FrameParser.parse(linkType, frame, frame.length, TIME);
    }

    private static PacketEvent packet(int linkType, byte[] frame) {
        return assertInstanceOf(ParsedFrame.Packet.class, parse(linkType, frame)).event();
    }

    private static SkipReason skipped(int linkType, byte[] frame) {
        return assertInstanceOf(ParsedFrame.Skipped.class, parse(linkType, frame)).reason();
    }

    @Test
    void ethernetIpv4UdpBecomesAUdpEventWithTheCaptureTime() {
        assertEquals(V4_UDP_EVENT, packet(FrameParser.DLT_EN10MB, ethernet(ETHERTYPE_IPV4, V4_UDP)));
    }

    @Test
    void ethernetIpv4TcpCarriesTheTcpFlags() {
        assertEquals(V4_TCP_EVENT, packet(FrameParser.DLT_EN10MB, ethernet(ETHERTYPE_IPV4, V4_TCP)));
    }

    @Test
    void tcpFlagsAreTheWholeFlagByte() {
        int flags = 0xC0 | TcpFlagFilter.SYN | TcpFlagFilter.ACK;
        byte[] frame = ethernet(ETHERTYPE_IPV4, ipv4(V4_SOURCE, V4_DESTINATION, TCP, tcp(40001, 8000, flags)));
        assertEquals(flags, packet(FrameParser.DLT_EN10MB, frame).tcpFlags());
    }

    @Test
    void ethernetIpv6UdpAndTcpBecomeEvents() {
        assertEquals(V6_UDP_EVENT, packet(FrameParser.DLT_EN10MB, ethernet(ETHERTYPE_IPV6, V6_UDP)));
        assertEquals(V6_TCP_EVENT, packet(FrameParser.DLT_EN10MB, ethernet(ETHERTYPE_IPV6, V6_TCP)));
    }

    @Test
    void vlanTaggedFramesAreReadPastTheTag() {
        assertEquals(V4_UDP_EVENT, packet(FrameParser.DLT_EN10MB, vlanTagged(ETHERTYPE_VLAN, 42, ETHERTYPE_IPV4, V4_UDP)));
        assertEquals(V6_TCP_EVENT, packet(FrameParser.DLT_EN10MB, vlanTagged(ETHERTYPE_VLAN, 7, ETHERTYPE_IPV6, V6_TCP)));
    }

    @Test
    void stackedQinqTagsAreReadPastBothTags() {
        byte[] inner = concat(new byte[] {0, 42, (byte) 0x81, 0}, new byte[] {0, 7, 0x08, 0}, V4_UDP);
        assertEquals(V4_UDP_EVENT, packet(FrameParser.DLT_EN10MB, ethernet(ETHERTYPE_QINQ, inner)));
    }

    @Test
    void linuxCookedFramesOfBothVersionsAreRead() {
        assertEquals(V4_TCP_EVENT, packet(FrameParser.DLT_LINUX_SLL, sll(ETHERTYPE_IPV4, V4_TCP)));
        assertEquals(V6_UDP_EVENT, packet(FrameParser.DLT_LINUX_SLL, sll(ETHERTYPE_IPV6, V6_UDP)));
        assertEquals(V4_UDP_EVENT, packet(FrameParser.DLT_LINUX_SLL2, sll2(ETHERTYPE_IPV4, V4_UDP)));
        assertEquals(V6_TCP_EVENT, packet(FrameParser.DLT_LINUX_SLL2, sll2(ETHERTYPE_IPV6, V6_TCP)));
    }

    @Test
    void rawIpIsReadByTheVersionNibble() {
        for (int linkType : new int[] {FrameParser.DLT_RAW, FrameParser.LINKTYPE_RAW}) {
            assertEquals(V4_UDP_EVENT, packet(linkType, V4_UDP));
            assertEquals(V6_TCP_EVENT, packet(linkType, V6_TCP));
        }
    }

    @Test
    void rawIpWithAnotherVersionIsNotIp() {
        byte[] version5 = V4_UDP.clone();
        version5[0] = 0x55;
        assertEquals(SkipReason.NOT_IP, skipped(FrameParser.DLT_RAW, version5));
    }

    @Test
    void ipv4OnlyAndIpv6OnlyLinkTypesAreRead() {
        assertEquals(V4_TCP_EVENT, packet(FrameParser.LINKTYPE_IPV4, V4_TCP));
        assertEquals(V6_UDP_EVENT, packet(FrameParser.LINKTYPE_IPV6, V6_UDP));
    }

    @Test
    void anIpv6PacketOnTheIpv4OnlyLinkTypeIsMalformed() {
        assertEquals(SkipReason.MALFORMED, skipped(FrameParser.LINKTYPE_IPV4, V6_UDP));
        assertEquals(SkipReason.MALFORMED, skipped(FrameParser.LINKTYPE_IPV6, concat(V4_UDP, new byte[20])));
    }

    @Test
    void bsdNullLoopbackIsReadInEitherByteOrder() {
        assertEquals(V4_UDP_EVENT, packet(FrameParser.DLT_NULL, loopback(2, ByteOrder.LITTLE_ENDIAN, V4_UDP)));
        assertEquals(V4_UDP_EVENT, packet(FrameParser.DLT_NULL, loopback(2, ByteOrder.BIG_ENDIAN, V4_UDP)));
    }

    @Test
    void bsdLoopbackKnowsEveryIpv6AddressFamily() {
        for (int family : new int[] {24, 28, 30}) {
            assertEquals(V6_TCP_EVENT, packet(FrameParser.DLT_NULL, loopback(family, ByteOrder.LITTLE_ENDIAN, V6_TCP)));
            assertEquals(V6_TCP_EVENT, packet(FrameParser.DLT_LOOP, loopback(family, ByteOrder.BIG_ENDIAN, V6_TCP)));
        }
    }

    @Test
    void bsdLoopbackWithAnotherFamilyIsNotIp() {
        assertEquals(SkipReason.NOT_IP, skipped(FrameParser.DLT_LOOP, loopback(10, ByteOrder.BIG_ENDIAN, V6_TCP)));
    }

    @Test
    void ipv4HeaderOptionsAreSkippedToTheTransportHeader() {
        byte[] packet = ipv4(V4_SOURCE, V4_DESTINATION, UDP, 0, new byte[] {1, 1, 1, 0, 1, 1, 1, 0}, UDP_7000);
        assertEquals(V4_UDP_EVENT, packet(FrameParser.DLT_RAW, packet));
    }

    @Test
    void ethernetPaddingAfterTheIpPacketIsIgnored() {
        byte[] padded = concat(ethernet(ETHERTYPE_IPV4, V4_UDP), new byte[18]);
        assertEquals(V4_UDP_EVENT, packet(FrameParser.DLT_EN10MB, padded));
    }

    @Test
    void ipv4DontFragmentIsAWholePacket() {
        assertEquals(V4_UDP_EVENT, packet(FrameParser.DLT_RAW, ipv4(V4_SOURCE, V4_DESTINATION, UDP, 0x4000, new byte[0], UDP_7000)));
    }

    @Test
    void ipv4FirstFragmentWithMoreToComeIsAFragment() {
        assertEquals(SkipReason.FRAGMENT,
                skipped(FrameParser.DLT_RAW, ipv4(V4_SOURCE, V4_DESTINATION, UDP, 0x2000, new byte[0], UDP_7000)));
    }

    @Test
    void ipv4LaterFragmentIsAFragment() {
        assertEquals(SkipReason.FRAGMENT,
                skipped(FrameParser.DLT_RAW, ipv4(V4_SOURCE, V4_DESTINATION, UDP, 185, new byte[0], UDP_7000)));
    }

    @Test
    void ipv6ExtensionHeadersAreWalkedToTheTransportHeader() {
        byte[] chain = optionsHeader(43, optionsHeader(51, authenticationHeader(60, optionsHeader(TCP, TCP_SYN_8000))));
        assertEquals(V6_TCP_EVENT, packet(FrameParser.DLT_RAW, ipv6(V6_SOURCE, V6_DESTINATION, 0, chain)));
    }

    @Test
    void ipv6AtomicFragmentIsAWholePacket() {
        byte[] atomic = fragmentHeader(UDP, 0, false, UDP_7000);
        assertEquals(V6_UDP_EVENT, packet(FrameParser.DLT_RAW, ipv6(V6_SOURCE, V6_DESTINATION, 44, atomic)));
    }

    @Test
    void ipv6FirstFragmentWithMoreToComeIsAFragment() {
        byte[] first = fragmentHeader(UDP, 0, true, UDP_7000);
        assertEquals(SkipReason.FRAGMENT, skipped(FrameParser.DLT_RAW, ipv6(V6_SOURCE, V6_DESTINATION, 44, first)));
    }

    @Test
    void ipv6LaterFragmentBehindAnOptionsHeaderIsAFragment() {
        byte[] later = optionsHeader(44, fragmentHeader(UDP, 185, false, UDP_7000));
        assertEquals(SkipReason.FRAGMENT, skipped(FrameParser.DLT_RAW, ipv6(V6_SOURCE, V6_DESTINATION, 60, later)));
    }

    @Test
    void ipv6EspAndNoNextHeaderAreNotTcpOrUdp() {
        assertEquals(SkipReason.NOT_TCP_OR_UDP, skipped(FrameParser.DLT_RAW, ipv6(V6_SOURCE, V6_DESTINATION, 50, new byte[16])));
        assertEquals(SkipReason.NOT_TCP_OR_UDP, skipped(FrameParser.DLT_RAW, ipv6(V6_SOURCE, V6_DESTINATION, 59, new byte[0])));
    }

    @Test
    void ipv4MappedIpv6AddressesStayIpv6() {
        PacketEvent event = packet(FrameParser.DLT_RAW, ipv6("::ffff:192.0.2.10", V6_DESTINATION, UDP, UDP_7000));
        assertInstanceOf(Inet6Address.class, event.source());
        assertEquals("0:0:0:0:0:ffff:c000:20a", event.source().getHostAddress());
    }

    @Test
    void icmpIsNotTcpOrUdp() {
        assertEquals(SkipReason.NOT_TCP_OR_UDP,
                skipped(FrameParser.DLT_RAW, ipv4(V4_SOURCE, V4_DESTINATION, ICMP, new byte[8])));
    }

    @Test
    void arpIsNotIp() {
        assertEquals(SkipReason.NOT_IP, skipped(FrameParser.DLT_EN10MB, ethernet(ETHERTYPE_ARP, new byte[28])));
    }

    @Test
    void ieee8023LengthFieldIsNotIp() {
        assertEquals(SkipReason.NOT_IP, skipped(FrameParser.DLT_EN10MB, ethernet(46, new byte[46])));
    }

    @Test
    void anUnknownLinkTypeIsUnsupported() {
        assertEquals(SkipReason.UNSUPPORTED_LINK_TYPE, skipped(105, V4_UDP));
    }

    @Test
    void ipv4HeaderLengthBelowFiveWordsIsMalformed() {
        byte[] packet = V4_UDP.clone();
        packet[0] = 0x44;
        assertEquals(SkipReason.MALFORMED, skipped(FrameParser.DLT_EN10MB, ethernet(ETHERTYPE_IPV4, packet)));
    }

    @Test
    void ipv4TotalLengthBelowTheHeaderIsMalformed() {
        byte[] packet = V4_UDP.clone();
        packet[2] = 0;
        packet[3] = 19;
        assertEquals(SkipReason.MALFORMED, skipped(FrameParser.DLT_RAW, packet));
    }

    @Test
    void ipv4TotalLengthThatCutsTheUdpHeaderIsTruncated() {
        byte[] packet = V4_UDP.clone();
        packet[3] = 27;
        assertEquals(SkipReason.TRUNCATED, skipped(FrameParser.DLT_RAW, packet));
    }

    @Test
    void ipv4UnderAnIpv6EtherTypeIsMalformed() {
        assertEquals(SkipReason.MALFORMED, skipped(FrameParser.DLT_EN10MB, ethernet(ETHERTYPE_IPV6, concat(V4_UDP, new byte[20]))));
    }

    @Test
    void tcpDataOffsetBelowFiveWordsIsMalformed() {
        byte[] segment = TCP_SYN_8000.clone();
        segment[12] = 0x40;
        assertEquals(SkipReason.MALFORMED, skipped(FrameParser.DLT_RAW, ipv4(V4_SOURCE, V4_DESTINATION, TCP, segment)));
    }

    @Test
    void udpLengthBelowItsHeaderIsMalformed() {
        byte[] datagram = UDP_7000.clone();
        datagram[5] = 7;
        assertEquals(SkipReason.MALFORMED, skipped(FrameParser.DLT_RAW, ipv4(V4_SOURCE, V4_DESTINATION, UDP, datagram)));
    }

    @Test
    void everyValidFrameCutShortAtAnyLengthIsTruncated() {
        EVERY_LINK_TYPE.forEach((name, c) -> {
            assertInstanceOf(ParsedFrame.Packet.class, parse(c.linkType(), c.frame()), name);
            for (int length = 0; length < c.frame().length; length++) {
                byte[] prefix = Arrays.copyOf(c.frame(), length);
                assertEquals(new ParsedFrame.Skipped(SkipReason.TRUNCATED), parse(c.linkType(), prefix),
                        name + " cut to " + length + " bytes");
            }
        });
    }

    @Test
    void onlyTheGivenLengthOfTheArrayIsRead() {
        byte[] frame = ethernet(ETHERTYPE_IPV4, V4_UDP);
        byte[] buffer = Arrays.copyOf(frame, 4096);
        assertEquals(new ParsedFrame.Packet(V4_UDP_EVENT), FrameParser.parse(FrameParser.DLT_EN10MB, buffer, frame.length, TIME));
        assertEquals(new ParsedFrame.Skipped(SkipReason.TRUNCATED),
                FrameParser.parse(FrameParser.DLT_EN10MB, buffer, frame.length - 1, TIME));
    }

    @Test
    void readFillsOneReusedViewFrameAfterFrame() {
        CapturedPacket view = new CapturedPacket().time(TIME.getEpochSecond(), TIME.getNano());
        LastAddress destinations = new LastAddress();
        byte[] v6 = ethernet(ETHERTYPE_IPV6, V6_TCP);
        byte[] v4 = ethernet(ETHERTYPE_IPV4, V4_UDP);
        assertSame(ParsedFrame.READ, FrameParser.read(FrameParser.DLT_EN10MB, v6, 0, v6.length, view, destinations));
        assertEquals(V6_TCP_EVENT, view.toEvent());
        assertSame(ParsedFrame.READ, FrameParser.read(FrameParser.DLT_EN10MB, v4, 0, v4.length, view, destinations));
        assertEquals(V4_UDP_EVENT, view.toEvent());
    }

    @Test
    void aSkippedFrameLeavesTheViewAsItWas() {
        CapturedPacket view = new CapturedPacket().time(TIME.getEpochSecond(), TIME.getNano());
        LastAddress destinations = new LastAddress();
        byte[] v6 = ethernet(ETHERTYPE_IPV6, V6_UDP);
        byte[] cut = Arrays.copyOf(ethernet(ETHERTYPE_IPV4, V4_TCP), 40);
        FrameParser.read(FrameParser.DLT_EN10MB, v6, 0, v6.length, view, destinations);
        assertEquals(new ParsedFrame.Skipped(SkipReason.TRUNCATED),
                FrameParser.read(FrameParser.DLT_EN10MB, cut, 0, cut.length, view, destinations));
        assertEquals(V6_UDP_EVENT, view.toEvent());
    }

    @Test
    void aViewsSourceIsReadFromTheFrameAndOutlivesIt() {
        CapturedPacket view = new CapturedPacket().time(TIME.getEpochSecond(), TIME.getNano());
        byte[] frame = ethernet(ETHERTYPE_IPV6, V6_UDP);
        FrameParser.read(FrameParser.DLT_EN10MB, frame, 0, frame.length, view, new LastAddress());
        Arrays.fill(frame, (byte) 0);
        assertEquals(inet(V6_SOURCE), view.source());
    }

    @Test
    void aFrameLongerThanLibpcapCanCaptureIsOversized() {
        byte[] huge = concat(ethernet(ETHERTYPE_IPV4, V4_UDP), new byte[FrameParser.MAX_FRAME_LENGTH]);
        assertEquals(SkipReason.OVERSIZED, skipped(FrameParser.DLT_EN10MB, huge));
    }

    @Test
    void aLongFrameWithinTheLimitIsReadByItsHeaders() {
        byte[] big = ethernet(ETHERTYPE_IPV4, ipv4(V4_SOURCE, V4_DESTINATION, UDP, udp(40000, 7000, new byte[60_000])));
        assertEquals(V4_UDP_EVENT, packet(FrameParser.DLT_EN10MB, big));
    }

    @Test
    void aLengthOutsideTheArrayIsACallerBug() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FrameParser.parse(FrameParser.DLT_RAW, new byte[10], 11, TIME));
        assertEquals("frame length must lie in 0..10: 11", e.getMessage());
    }

    @Test
    void aFrameInsideABatchIsReadFromItsOffsetAndNoFurther() {
        byte[] frame = ethernet(ETHERTYPE_IPV4, V4_UDP);
        byte[] batch = new byte[frame.length + 40];
        Arrays.fill(batch, (byte) 0xA5);
        System.arraycopy(frame, 0, batch, 24, frame.length);

        assertEquals(new ParsedFrame.Packet(V4_UDP_EVENT),
                FrameParser.parse(FrameParser.DLT_EN10MB, batch, 24, frame.length, TIME, new LastAddress()));
        assertEquals(new ParsedFrame.Skipped(SkipReason.TRUNCATED),
                FrameParser.parse(FrameParser.DLT_EN10MB, batch, 24, frame.length - 1, TIME, new LastAddress()));
    }

    @Test
    void consecutiveFramesToOneDestinationShareItsAddressObject() {
        LastAddress destinations = new LastAddress();
        byte[] frame = ethernet(ETHERTYPE_IPV6, V6_UDP);

        PacketEvent first = ((ParsedFrame.Packet) FrameParser.parse(FrameParser.DLT_EN10MB, frame, 0, frame.length,
                TIME, destinations)).event();
        PacketEvent second = ((ParsedFrame.Packet) FrameParser.parse(FrameParser.DLT_EN10MB, frame, 0, frame.length,
                TIME, destinations)).event();

        assertEquals(V6_UDP_EVENT, second);
        assertSame(first.destination(), second.destination());
        assertNotSame(first.source(), second.source());
    }

    @Test
    void aFrameOutsideTheBatchIsACallerBug() {
        IllegalArgumentException past = assertThrows(IllegalArgumentException.class,
                () -> FrameParser.parse(FrameParser.DLT_RAW, new byte[10], 4, 7, TIME, new LastAddress()));
        assertEquals("frame must lie inside the 10 bytes: offset 4, length 7", past.getMessage());
        IllegalArgumentException before = assertThrows(IllegalArgumentException.class,
                () -> FrameParser.parse(FrameParser.DLT_RAW, new byte[10], -1, 2, TIME, new LastAddress()));
        assertEquals("frame must lie inside the 10 bytes: offset -1, length 2", before.getMessage());
    }

    @Test
    void randomBytesOfEveryLinkTypeNeverThrow() {
        Random random = new Random(20260301L);
        int[] linkTypes = {0, 1, 12, 101, 108, 113, 228, 229, 276, 105};
        for (int i = 0; i < 200_000; i++) {
            byte[] frame = new byte[random.nextInt(160)];
            random.nextBytes(frame);
            if (frame.length > 0 && random.nextBoolean()) {
                frame[0] = (byte) (random.nextBoolean() ? 0x45 : 0x60);
            }
            assertNotNull(FrameParser.parse(linkTypes[random.nextInt(linkTypes.length)], frame, frame.length, TIME));
        }
    }

    @Test
    void validFramesWithRandomlyCorruptedBytesNeverThrow() {
        Random random = new Random(20260302L);
        List<Case> cases = List.copyOf(EVERY_LINK_TYPE.values());
        for (int i = 0; i < 200_000; i++) {
            Case c = cases.get(random.nextInt(cases.size()));
            byte[] frame = c.frame().clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
            }
            int length = random.nextInt(4) == 0 ? random.nextInt(frame.length + 1) : frame.length;
            assertNotNull(FrameParser.parse(c.linkType(), frame, length, TIME));
        }
    }
}
