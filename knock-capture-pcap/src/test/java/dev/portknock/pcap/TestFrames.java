package dev.portknock.pcap;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Builds frames byte by byte for tests: transport headers, IPv4 and IPv6 packets (with extension
 * headers), and the link layers the pcap backend reads. Checksums are left zero; nothing on the
 * capture side checks them.
 */
public final class TestFrames {
    /** EtherType of IPv4. */
    public static final int ETHERTYPE_IPV4 = 0x0800;
    /** EtherType of IPv6. */
    public static final int ETHERTYPE_IPV6 = 0x86DD;
    /** EtherType of ARP. */
    public static final int ETHERTYPE_ARP = 0x0806;
    /** EtherType of an 802.1Q VLAN tag. */
    public static final int ETHERTYPE_VLAN = 0x8100;
    /** EtherType of an 802.1ad (QinQ) service tag. */
    public static final int ETHERTYPE_QINQ = 0x88A8;

    /** IP protocol number of TCP. */
    public static final int TCP = 6;
    /** IP protocol number of UDP. */
    public static final int UDP = 17;
    /** IP protocol number of ICMP. */
    public static final int ICMP = 1;

    private TestFrames() {
    }

    /** A UDP header followed by the payload. */
    public static byte[] udp(int sourcePort, int destinationPort, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(8 + payload.length);
        b.putShort((short) sourcePort).putShort((short) destinationPort).putShort((short) (8 + payload.length))
                .putShort((short) 0).put(payload);
        return b.array();
    }

    /** A 20-byte TCP header with the flags and no payload. */
    public static byte[] tcp(int sourcePort, int destinationPort, int flags) {
        ByteBuffer b = ByteBuffer.allocate(20);
        b.putShort((short) sourcePort).putShort((short) destinationPort).putInt(1000).putInt(0)
                .put((byte) 0x50).put((byte) flags).putShort((short) 64240).putShort((short) 0).putShort((short) 0);
        return b.array();
    }

    /** An IPv4 packet without options, not fragmented. */
    public static byte[] ipv4(String source, String destination, int protocol, byte[] payload) {
        return ipv4(source, destination, protocol, 0, new byte[0], payload);
    }

    /**
     * An IPv4 packet.
     *
     * @param fragment the flags and fragment offset field (0x2000 = more fragments, low 13 bits the offset)
     * @param options header options, a multiple of 4 bytes
     */
    public static byte[] ipv4(String source, String destination, int protocol, int fragment, byte[] options,
                              byte[] payload) {
        int headerLength = 20 + options.length;
        ByteBuffer b = ByteBuffer.allocate(headerLength + payload.length);
        b.put((byte) (0x40 | headerLength / 4)).put((byte) 0).putShort((short) (headerLength + payload.length))
                .putShort((short) 0x1234).putShort((short) fragment).put((byte) 64).put((byte) protocol)
                .putShort((short) 0).put(address(source, 4)).put(address(destination, 4)).put(options).put(payload);
        return b.array();
    }

    /** An IPv6 packet; {@code payload} may start with extension headers. */
    public static byte[] ipv6(String source, String destination, int nextHeader, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(40 + payload.length);
        b.putInt(0x60000000).putShort((short) payload.length).put((byte) nextHeader).put((byte) 64)
                .put(address(source, 16)).put(address(destination, 16)).put(payload);
        return b.array();
    }

    /** A hop-by-hop (0), routing (43) or destination options (60) header of 8 bytes, then the rest. */
    public static byte[] optionsHeader(int nextHeader, byte[] rest) {
        return concat(new byte[] {(byte) nextHeader, 0, 1, 4, 0, 0, 0, 0}, rest);
    }

    /** An authentication header (51) of 12 bytes, then the rest. */
    public static byte[] authenticationHeader(int nextHeader, byte[] rest) {
        return concat(new byte[] {(byte) nextHeader, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1}, rest);
    }

    /** A fragment header (44): the offset in 8-byte units and the more-fragments flag, then the rest. */
    public static byte[] fragmentHeader(int nextHeader, int offset, boolean more, byte[] rest) {
        int field = (offset << 3) | (more ? 1 : 0);
        return concat(new byte[] {(byte) nextHeader, 0, (byte) (field >>> 8), (byte) field, 0, 0, 0, 7}, rest);
    }

    /** An Ethernet frame. */
    public static byte[] ethernet(int etherType, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(14 + payload.length);
        b.put(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2}).putShort((short) etherType).put(payload);
        return b.array();
    }

    /** An Ethernet frame with a VLAN tag of the tag type (0x8100 or 0x88A8) before the EtherType. */
    public static byte[] vlanTagged(int tagType, int vlanId, int etherType, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + payload.length);
        b.putShort((short) vlanId).putShort((short) etherType).put(payload);
        return ethernet(tagType, b.array());
    }

    /** A Linux cooked (SLL) frame: packet type, ARPHRD_ETHER, a 6-byte address, the protocol. */
    public static byte[] sll(int protocol, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(16 + payload.length);
        b.putShort((short) 0).putShort((short) 1).putShort((short) 6).put(new byte[] {2, 0, 0, 0, 0, 2, 0, 0})
                .putShort((short) protocol).put(payload);
        return b.array();
    }

    /** A Linux cooked v2 (SLL2) frame: protocol, interface index, ARPHRD_ETHER, a 6-byte address. */
    public static byte[] sll2(int protocol, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(20 + payload.length);
        b.putShort((short) protocol).putShort((short) 0).putInt(2).putShort((short) 1).put((byte) 0).put((byte) 6)
                .put(new byte[] {2, 0, 0, 0, 0, 2, 0, 0}).put(payload);
        return b.array();
    }

    /** A BSD loopback frame: the address family as 4 bytes in the given order. */
    public static byte[] loopback(int family, ByteOrder order, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + payload.length);
        b.order(order).putInt(family).put(payload);
        return b.array();
    }

    /** The arrays one after another. */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** The address literal as an InetAddress (literals only; nothing is resolved). */
    public static InetAddress inet(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address literal: " + literal, e);
        }
    }

    private static byte[] address(String literal, int length) {
        byte[] raw = inet(literal).getAddress();
        if (length == 16 && raw.length == 4 && literal.contains(":")) {
            // InetAddress turns ::ffff:a.b.c.d into IPv4; put the mapped prefix back
            raw = concat(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF}, raw);
        }
        if (raw.length != length) {
            throw new IllegalArgumentException("expected an address of " + length + " bytes: " + literal);
        }
        return raw;
    }
}
