package dev.portknock.nflog;

import static dev.portknock.nflog.NflogDatagrams.ipv4;
import static dev.portknock.nflog.NflogDatagrams.ipv6;
import static dev.portknock.nflog.NflogDatagrams.tcp;
import static dev.portknock.nflog.NflogDatagrams.udp;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.core.PacketEvent;
import dev.portknock.core.TcpFlagFilter;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NflogParserTest {
    private static final byte[] CLIENT4 = {(byte) 192, 0, 2, 10};
    private static final byte[] SERVER4 = {(byte) 192, 0, 2, 1};
    private static final byte[] CLIENT6 = address6(0x10);
    private static final byte[] SERVER6 = address6(0x01);
    private static final Instant CLOCK = Instant.parse("2026-12-04T00:00:00Z");
    private static final long SECONDS = 1_796_000_000L;

    private static byte[] address6(int last) {
        byte[] address = new byte[16];
        address[0] = 0x20;
        address[1] = 0x01;
        address[2] = 0x0d;
        address[3] = (byte) 0xb8;
        address[15] = (byte) last;
        return address;
    }

    /** What the parser reported, in order, as text. */
    private static final class Recorded implements NflogParser.Handler {
        final List<PacketEvent> packets = new ArrayList<>();
        final List<String> all = new ArrayList<>();

        @Override
        public void packet(PacketEvent event) {
            packets.add(event);
            all.add("packet " + event.destinationPort());
        }

        @Override
        public void skipped(SkipReason reason) {
            all.add("skipped " + reason);
        }

        @Override
        public void sequence(long sequence) {
            all.add("sequence " + sequence);
        }

        @Override
        public void answer(int sequence, int errno) {
            all.add("answer " + sequence + " " + errno);
        }
    }

    private static Recorded parse(byte[] datagram) {
        Recorded recorded = new Recorded();
        NflogParser.parse(ByteBuffer.wrap(datagram), () -> CLOCK, recorded);
        return recorded;
    }

    private static byte[] udp4(int port) {
        return ipv4(NflogParser.PROTO_UDP, CLIENT4, SERVER4, udp(50000, port));
    }

    @Test
    void aLoggedUdpDatagramOverIpv4IsAPacketWithTheKernelsTimestamp() throws Exception {
        Recorded recorded = parse(new NflogDatagrams().logged(NflogProtocol.AF_INET, udp4(40001), SECONDS, 123_456, 7)
                .bytes());

        assertEquals(List.of(PacketEvent.udp(Instant.ofEpochSecond(SECONDS, 123_456_000),
                InetAddress.getByName("192.0.2.10"), InetAddress.getByName("192.0.2.1"), 40001)), recorded.packets);
    }

    @Test
    void aLoggedTcpSynOverIpv6IsAPacketWithItsFlags() throws Exception {
        byte[] packet = ipv6(NflogParser.PROTO_TCP, CLIENT6, SERVER6, new byte[0], tcp(50000, 7000, TcpFlagFilter.SYN));

        Recorded recorded = parse(new NflogDatagrams().logged(NflogProtocol.AF_INET6, packet, SECONDS, 0, 1).bytes());

        assertEquals(List.of(PacketEvent.tcp(Instant.ofEpochSecond(SECONDS), InetAddress.getByName("2001:db8::10"),
                InetAddress.getByName("2001:db8::1"), 7000, TcpFlagFilter.SYN)), recorded.packets);
    }

    @Test
    void ipv6ExtensionHeadersAreSteppedOver() {
        byte[] hopByHop = {(byte) NflogParser.PROTO_UDP, 0, 0, 0, 0, 0, 0, 0};
        byte[] packet = ipv6(NflogParser.PROTO_HOP_BY_HOP, CLIENT6, SERVER6, hopByHop, udp(50000, 40002));

        assertEquals(List.of("sequence 1", "packet 40002"),
                parse(new NflogDatagrams().logged(NflogProtocol.AF_INET6, packet, SECONDS, 0, 1).bytes()).all);
    }

    @Test
    void theMessagesOfABatchAreReportedInArrivalOrder() {
        NflogDatagrams batch = new NflogDatagrams();
        for (int i = 0; i < 50; i++) {
            batch.logged(NflogProtocol.AF_INET, udp4(40000 + (i * 37) % 100), SECONDS, i, 100 + i);
        }
        batch.message(NflogProtocol.NLMSG_DONE, 0, new byte[4]);

        Recorded recorded = parse(batch.bytes());

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            expected.add("sequence " + (100 + i));
            expected.add("packet " + (40000 + (i * 37) % 100));
        }
        assertEquals(expected, recorded.all);
        for (int i = 0; i < 50; i++) {
            assertEquals(Instant.ofEpochSecond(SECONDS, i * 1000L), recorded.packets.get(i).time());
        }
    }

    @Test
    void sequenceNumbersAreReadUnsigned() {
        assertEquals(List.of("sequence 4294967295", "packet 40001"), parse(new NflogDatagrams()
                .logged(NflogProtocol.AF_INET, udp4(40001), SECONDS, 0, 0xFFFF_FFFFL).bytes()).all);
    }

    @Test
    void aPacketWithoutATimestampIsStampedByTheClock() {
        byte[] datagram = new NflogDatagrams().message(NflogProtocol.MSG_PACKET, 0,
                NflogDatagrams.body(NflogProtocol.AF_INET).attribute(NflogProtocol.NFULA_PAYLOAD, udp4(40001)).bytes())
                .bytes();

        assertEquals(CLOCK, parse(datagram).packets.get(0).time());
    }

    @Test
    void aZeroTimestampMeansTheKernelDidNotStampThePacket() {
        assertEquals(CLOCK, parse(new NflogDatagrams().logged(NflogProtocol.AF_INET, udp4(40001), 0, 0, 1).bytes())
                .packets.get(0).time());
    }

    @Test
    void theClockIsAskedAtMostOncePerDatagram() {
        byte[] body = NflogDatagrams.body(NflogProtocol.AF_INET).attribute(NflogProtocol.NFULA_PAYLOAD, udp4(40001))
                .bytes();
        byte[] datagram = new NflogDatagrams().message(NflogProtocol.MSG_PACKET, 0, body)
                .message(NflogProtocol.MSG_PACKET, 0, body).bytes();
        AtomicInteger asked = new AtomicInteger();

        NflogParser.parse(ByteBuffer.wrap(datagram), () -> {
            asked.incrementAndGet();
            return CLOCK;
        }, new Recorded());

        assertEquals(1, asked.get());
    }

    @Test
    void anAcknowledgementIsAnAnswerWithErrnoZero() {
        assertEquals(List.of("answer 1 0"), parse(new NflogDatagrams().answer(1, 0).bytes()).all);
    }

    @Test
    void anErrorIsAnAnswerWithItsErrno() {
        assertEquals(List.of("answer 1 1"), parse(new NflogDatagrams().answer(1, CLibrary.EPERM).bytes()).all);
    }

    @Test
    void anErrorWithAPositiveCodeIsMalformed() {
        byte[] body = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(5).array();
        assertEquals(List.of("skipped MALFORMED"),
                parse(new NflogDatagrams().message(NflogProtocol.NLMSG_ERROR, 1, body).bytes()).all);
    }

    @Test
    void doneNoopAndOverrunMessagesAreNotSkips() {
        assertEquals(List.of(), parse(new NflogDatagrams().message(NflogProtocol.NLMSG_DONE, 0, new byte[4])
                .message(NflogProtocol.NLMSG_NOOP, 0, new byte[0])
                .message(NflogProtocol.NLMSG_OVERRUN, 0, new byte[0]).bytes()).all);
    }

    @Test
    void aMessageOfAnotherTypeIsSkippedAndTheNextOneRead() {
        assertEquals(List.of("skipped UNKNOWN_MESSAGE", "sequence 2", "packet 40001"),
                parse(new NflogDatagrams().message(0x0401, 0, new byte[8])
                        .logged(NflogProtocol.AF_INET, udp4(40001), SECONDS, 0, 2).bytes()).all);
    }

    @Test
    void anEmptyDatagramHoldsNothing() {
        assertEquals(List.of(), parse(new byte[0]).all);
    }

    @Test
    void aDatagramShorterThanAMessageHeaderIsTruncated() {
        assertEquals(List.of("skipped TRUNCATED"), parse(new byte[15]).all);
    }

    @Test
    void aMessageLongerThanTheDatagramIsTruncatedAndEndsIt() {
        byte[] whole = new NflogDatagrams().logged(NflogProtocol.AF_INET, udp4(40001), SECONDS, 0, 1).bytes();

        assertEquals(List.of("skipped TRUNCATED"), parse(Arrays.copyOf(whole, whole.length - 1)).all);
    }

    @Test
    void aMessageClaimingMoreThanAnyDatagramHoldsIsTruncated() {
        byte[] datagram = new NflogDatagrams().logged(NflogProtocol.AF_INET, udp4(40001), SECONDS, 0, 1).bytes();
        ByteBuffer.wrap(datagram).order(ByteOrder.nativeOrder()).putInt(0, Integer.MAX_VALUE);

        assertEquals(List.of("skipped TRUNCATED"), parse(datagram).all);
    }

    @Test
    void aMessageShorterThanItsHeaderIsMalformedAndEndsTheDatagram() {
        byte[] good = new NflogDatagrams().logged(NflogProtocol.AF_INET, udp4(40001), SECONDS, 0, 1).bytes();
        byte[] datagram = Arrays.copyOf(good, good.length * 2);
        ByteBuffer.wrap(datagram).order(ByteOrder.nativeOrder()).putInt(good.length, 8);
        System.arraycopy(good, 4, datagram, good.length + 4, good.length - 4);

        assertEquals(List.of("sequence 1", "packet 40001", "skipped MALFORMED"), parse(datagram).all);
    }

    @Test
    void aNegativeMessageLengthIsMalformed() {
        byte[] datagram = new NflogDatagrams().logged(NflogProtocol.AF_INET, udp4(40001), SECONDS, 0, 1).bytes();
        ByteBuffer.wrap(datagram).order(ByteOrder.nativeOrder()).putInt(0, -1);

        assertEquals(List.of("skipped MALFORMED"), parse(datagram).all);
    }

    @Test
    void anAttributeLongerThanItsMessageIsTruncated() {
        byte[] body = NflogDatagrams.body(NflogProtocol.AF_INET).attribute(NflogProtocol.NFULA_PAYLOAD, udp4(40001))
                .bytes();
        ByteBuffer.wrap(body).order(ByteOrder.nativeOrder()).putShort(4, (short) 0xFFFF);

        assertEquals(List.of("skipped TRUNCATED"),
                parse(new NflogDatagrams().message(NflogProtocol.MSG_PACKET, 0, body).bytes()).all);
    }

    @Test
    void anAttributeShorterThanItsHeaderIsMalformed() {
        byte[] body = NflogDatagrams.body(NflogProtocol.AF_INET).attribute(NflogProtocol.NFULA_PAYLOAD, udp4(40001))
                .bytes();
        ByteBuffer.wrap(body).order(ByteOrder.nativeOrder()).putShort(4, (short) 2);

        assertEquals(List.of("skipped MALFORMED"),
                parse(new NflogDatagrams().message(NflogProtocol.MSG_PACKET, 0, body).bytes()).all);
    }

    @Test
    void aPacketMessageWithoutItsNfgenmsgIsTruncated() {
        assertEquals(List.of("skipped TRUNCATED"),
                parse(new NflogDatagrams().message(NflogProtocol.MSG_PACKET, 0, new byte[2]).bytes()).all);
    }

    @Test
    void aPacketMessageWithoutPayloadIsNotIp() {
        assertEquals(List.of("skipped NOT_IP"), parse(new NflogDatagrams().message(NflogProtocol.MSG_PACKET, 0,
                NflogDatagrams.body(NflogProtocol.AF_INET).bytes()).bytes()).all);
    }

    @Test
    void aPacketOfAnotherFamilyIsNotIp() {
        assertEquals(List.of("sequence 1", "skipped NOT_IP"),
                parse(new NflogDatagrams().logged(7, udp4(40001), SECONDS, 0, 1).bytes()).all);
    }

    @Test
    void aTimestampWithTooManyMicrosecondsIsMalformed() {
        assertEquals(List.of("sequence 1", "skipped MALFORMED"), parse(new NflogDatagrams()
                .logged(NflogProtocol.AF_INET, udp4(40001), SECONDS, 1_000_000, 1).bytes()).all);
    }

    @Test
    void aPayloadCutInsideTheIpv4HeaderIsTruncated() {
        assertEquals(List.of("sequence 1", "skipped TRUNCATED"), parse(new NflogDatagrams()
                .logged(NflogProtocol.AF_INET, Arrays.copyOf(udp4(40001), 19), SECONDS, 0, 1).bytes()).all);
    }

    @Test
    void aPayloadCutInsideTheUdpHeaderIsTruncated() {
        assertEquals(List.of("sequence 1", "skipped TRUNCATED"), parse(new NflogDatagrams()
                .logged(NflogProtocol.AF_INET, Arrays.copyOf(udp4(40001), 27), SECONDS, 0, 1).bytes()).all);
    }

    @Test
    void aPayloadCutInsideTheIpv6HeaderIsTruncated() {
        byte[] packet = ipv6(NflogParser.PROTO_UDP, CLIENT6, SERVER6, new byte[0], udp(50000, 40001));
        assertEquals(List.of("sequence 1", "skipped TRUNCATED"), parse(new NflogDatagrams()
                .logged(NflogProtocol.AF_INET6, Arrays.copyOf(packet, 39), SECONDS, 0, 1).bytes()).all);
    }

    @Test
    void anIpv6ExtensionHeaderRunningPastThePacketIsTruncated() {
        byte[] hopByHop = {(byte) NflogParser.PROTO_UDP, (byte) 200, 0, 0, 0, 0, 0, 0};
        byte[] packet = ipv6(NflogParser.PROTO_HOP_BY_HOP, CLIENT6, SERVER6, hopByHop, udp(50000, 40001));
        assertEquals(List.of("sequence 1", "skipped TRUNCATED"),
                parse(new NflogDatagrams().logged(NflogProtocol.AF_INET6, packet, SECONDS, 0, 1).bytes()).all);
    }

    @Test
    void anIpv4PacketLongerThanTheCopiedBytesIsReadFromItsHeaders() {
        byte[] packet = udp4(40001);
        ByteBuffer.wrap(packet).putShort(2, (short) 1400);

        assertEquals(List.of("sequence 1", "packet 40001"),
                parse(new NflogDatagrams().logged(NflogProtocol.AF_INET, packet, SECONDS, 0, 1).bytes()).all);
    }

    @Test
    void anIpv4HeaderOfTheWrongVersionIsMalformed() {
        byte[] packet = udp4(40001);
        packet[0] = 0x65;
        assertEquals(List.of("sequence 1", "skipped MALFORMED"),
                parse(new NflogDatagrams().logged(NflogProtocol.AF_INET, packet, SECONDS, 0, 1).bytes()).all);
    }

    @Test
    void anIpv4FragmentIsSkipped() {
        byte[] packet = udp4(40001);
        ByteBuffer.wrap(packet).putShort(6, (short) 0x2000);
        assertEquals(List.of("sequence 1", "skipped FRAGMENT"),
                parse(new NflogDatagrams().logged(NflogProtocol.AF_INET, packet, SECONDS, 0, 1).bytes()).all);
    }

    @Test
    void anIpv6FragmentIsSkipped() {
        byte[] fragment = {(byte) NflogParser.PROTO_UDP, 0, 0, 1, 0, 0, 0, 1};
        byte[] packet = ipv6(NflogParser.PROTO_FRAGMENT, CLIENT6, SERVER6, fragment, udp(50000, 40001));
        assertEquals(List.of("sequence 1", "skipped FRAGMENT"),
                parse(new NflogDatagrams().logged(NflogProtocol.AF_INET6, packet, SECONDS, 0, 1).bytes()).all);
    }

    @Test
    void icmpIsNotTcpOrUdp() {
        byte[] packet = ipv4(1, CLIENT4, SERVER4, new byte[8]);
        assertEquals(List.of("sequence 1", "skipped NOT_TCP_OR_UDP"),
                parse(new NflogDatagrams().logged(NflogProtocol.AF_INET, packet, SECONDS, 0, 1).bytes()).all);
    }

    @Test
    void aTcpHeaderWithADataOffsetBelowFiveIsMalformed() {
        byte[] segment = tcp(50000, 7000, TcpFlagFilter.SYN);
        segment[12] = 0x40;
        assertEquals(List.of("sequence 1", "skipped MALFORMED"), parse(new NflogDatagrams().logged(
                NflogProtocol.AF_INET, ipv4(NflogParser.PROTO_TCP, CLIENT4, SERVER4, segment), SECONDS, 0, 1).bytes()).all);
    }

    @Test
    void everyTruncationOfABatchIsReadWithoutAnException() {
        byte[] batch = new NflogDatagrams().logged(NflogProtocol.AF_INET, udp4(40001), SECONDS, 0, 1)
                .logged(NflogProtocol.AF_INET6, ipv6(NflogParser.PROTO_UDP, CLIENT6, SERVER6, new byte[0],
                        udp(50000, 40002)), SECONDS, 0, 2).answer(3, 0).bytes();
        for (int length = 0; length <= batch.length; length++) {
            Recorded recorded = parse(Arrays.copyOf(batch, length));
            assertTrue(recorded.packets.size() <= 2, "at most the two packets, at length " + length);
        }
    }

    @Test
    void garbageIsReadWithoutAnException() {
        Random random = new Random(19);
        for (int i = 0; i < 20_000; i++) {
            byte[] garbage = new byte[random.nextInt(600)];
            random.nextBytes(garbage);
            if (garbage.length >= 20 && random.nextBoolean()) {
                // a plausible message header over random content reaches deeper into the parser
                ByteBuffer header = ByteBuffer.wrap(garbage).order(ByteOrder.nativeOrder());
                header.putInt(0, garbage.length).putShort(4, (short) NflogProtocol.MSG_PACKET);
                garbage[16] = (byte) (random.nextBoolean() ? NflogProtocol.AF_INET : NflogProtocol.AF_INET6);
            }
            assertDoesNotThrow(() -> parse(garbage), () -> "datagram " + Arrays.toString(garbage));
        }
    }
}
