package dev.portknock.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CapturedPacketTest {
    private static final Instant TIME = Instant.parse("2026-12-05T08:00:00.123456789Z");

    private static InetAddress address(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    /** The address's bytes at offset 3 of a larger array, as a frame holds them. */
    private static byte[] inFrame(InetAddress address) {
        byte[] raw = address.getAddress();
        byte[] frame = new byte[raw.length + 7];
        System.arraycopy(raw, 0, frame, 3, raw.length);
        return frame;
    }

    private static CapturedPacket udpFrom(InetAddress source) throws Exception {
        return new CapturedPacket()
                .time(TIME.getEpochSecond(), TIME.getNano())
                .source(inFrame(source), 3, source.getAddress().length)
                .destination(address("192.0.2.1"))
                .udp(40000);
    }

    @Test
    void anIpv4SourceReadFromBytesIsThatAddress() throws Exception {
        InetAddress source = address("198.51.100.7");
        assertEquals(source, udpFrom(source).source());
        assertInstanceOf(Inet4Address.class, udpFrom(source).source());
    }

    @Test
    void anIpv6SourceReadFromBytesIsThatAddress() throws Exception {
        InetAddress source = address("2001:db8::1:2:3");
        assertEquals(source, udpFrom(source).source());
    }

    @Test
    void anIpv4MappedIpv6SourceStaysIpv6() throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        mapped[12] = (byte) 198;
        mapped[13] = 51;
        mapped[14] = 100;
        mapped[15] = 7;
        CapturedPacket packet = new CapturedPacket().source(mapped, 0, 16);
        assertInstanceOf(Inet6Address.class, packet.source());
        assertFalse(packet.source().equals(address("198.51.100.7")));
    }

    @Test
    void theSourceBytesAreReadWhenSetSoTheFrameMayBeReused() throws Exception {
        byte[] frame = inFrame(address("2001:db8::1"));
        CapturedPacket packet = new CapturedPacket().source(frame, 3, 16);
        frame[3 + 15] = 2;
        assertEquals(address("2001:db8::1"), packet.source());
    }

    @Test
    void theSourceObjectIsMadeOnceAndKeptUntilTheNextSource() throws Exception {
        CapturedPacket packet = udpFrom(address("198.51.100.7"));
        InetAddress first = packet.source();
        assertSame(first, packet.source());
        packet.source(inFrame(address("198.51.100.8")), 3, 4);
        assertEquals(address("198.51.100.8"), packet.source());
    }

    @Test
    void aGivenSourceObjectIsReturnedAsItIsScopeAndAll() throws Exception {
        InetAddress scoped = Inet6Address.getByAddress(null, address("fe80::1").getAddress(), 3);
        CapturedPacket packet = new CapturedPacket().source(scoped);
        assertSame(scoped, packet.source());
        assertSame(scoped, packet.givenSource());
    }

    @Test
    void aSourceReadFromBytesIsNotAGivenOne() throws Exception {
        CapturedPacket packet = new CapturedPacket().source(address("2001:db8::1"));
        packet.source(inFrame(address("2001:db8::2")), 3, 16);
        assertNull(packet.givenSource());
    }

    @Test
    void theTimeIsTheInstantOfItsSecondsAndNanoseconds() throws Exception {
        assertEquals(TIME, udpFrom(address("198.51.100.7")).time());
    }

    @Test
    void aTcpPacketKeepsItsPortAndFlags() throws Exception {
        CapturedPacket packet = udpFrom(address("198.51.100.7")).tcp(22, TcpFlagFilter.SYN);
        assertEquals(Transport.TCP, packet.transport());
        assertEquals(22, packet.destinationPort());
        assertEquals(TcpFlagFilter.SYN, packet.tcpFlags());
    }

    @Test
    void aUdpPacketHasNoFlags() throws Exception {
        CapturedPacket packet = udpFrom(address("198.51.100.7")).tcp(22, TcpFlagFilter.SYN).udp(53);
        assertEquals(Transport.UDP, packet.transport());
        assertEquals(0, packet.tcpFlags());
    }

    @Test
    void toEventGivesAnEventOfEveryPart() throws Exception {
        InetAddress source = address("2001:db8::9");
        assertEquals(PacketEvent.udp(TIME, source, address("192.0.2.1"), 40000), udpFrom(source).toEvent());
    }

    @Test
    void ofAnEventGivesTheEventBack() throws Exception {
        PacketEvent event = PacketEvent.tcp(TIME, address("2001:db8::9"), address("2001:db8::2"), 7000,
                TcpFlagFilter.SYN);
        CapturedPacket packet = new CapturedPacket().of(event);
        assertEquals(event, packet.toEvent());
        assertSame(event.time(), packet.time());
    }

    @Test
    void aPartNeverSetIsAMisuse() {
        CapturedPacket packet = new CapturedPacket().udp(40000);
        assertEquals("the packet's source was never set",
                assertThrows(IllegalStateException.class, packet::source).getMessage());
        assertEquals("the packet's time was never set",
                assertThrows(IllegalStateException.class, packet::time).getMessage());
        assertEquals("the packet's destination was never set",
                assertThrows(IllegalStateException.class, packet::destination).getMessage());
        assertEquals("the packet's transport was never set",
                assertThrows(IllegalStateException.class, () -> new CapturedPacket().transport()).getMessage());
    }

    @Test
    void anAddressOfAnotherLengthIsRefused() {
        assertEquals("an address is 4 or 16 bytes long: 6", assertThrows(IllegalArgumentException.class,
                () -> new CapturedPacket().source(new byte[16], 0, 6)).getMessage());
    }

    @Test
    void anAddressPastTheArrayIsRefused() {
        assertEquals("address must lie inside the 18 bytes: offset 3, length 16",
                assertThrows(IllegalArgumentException.class,
                        () -> new CapturedPacket().source(new byte[18], 3, 16)).getMessage());
        assertEquals("address must lie inside the 18 bytes: offset -1, length 4",
                assertThrows(IllegalArgumentException.class,
                        () -> new CapturedPacket().source(new byte[18], -1, 4)).getMessage());
    }

    @Test
    void aPortOutsideItsRangeIsRefused() {
        assertEquals("destination port must be in 0..65535: 65536",
                assertThrows(IllegalArgumentException.class, () -> new CapturedPacket().udp(65536)).getMessage());
        assertEquals("destination port must be in 0..65535: -1",
                assertThrows(IllegalArgumentException.class, () -> new CapturedPacket().tcp(-1, 0)).getMessage());
    }

    @Test
    void flagsBeyondOneByteAreRefused() {
        assertEquals("tcp flags must be one byte: 256",
                assertThrows(IllegalArgumentException.class, () -> new CapturedPacket().tcp(22, 256)).getMessage());
    }

    @Test
    void nanosecondsOutsideASecondAreRefused() {
        assertEquals("nanoseconds must be in 0..999999999: 1000000000",
                assertThrows(IllegalArgumentException.class,
                        () -> new CapturedPacket().time(0, 1_000_000_000)).getMessage());
        assertEquals("nanoseconds must be in 0..999999999: -1",
                assertThrows(IllegalArgumentException.class, () -> new CapturedPacket().time(0, -1)).getMessage());
    }

    @Test
    void secondsBeyondAnInstantsRangeAreRefused() {
        long beyond = Instant.MAX.getEpochSecond() + 1;
        assertEquals("capture time must be within an instant's range: " + beyond + " s",
                assertThrows(IllegalArgumentException.class, () -> new CapturedPacket().time(beyond, 0)).getMessage());
    }

    @Test
    void aRefusedValueLeavesThePartAsItWas() throws Exception {
        CapturedPacket packet = udpFrom(address("198.51.100.7"));
        assertThrows(IllegalArgumentException.class, () -> packet.udp(70000));
        assertEquals(40000, packet.destinationPort());
    }
}
