package dev.portknock.nflog;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Builds netlink datagrams as nfnetlink_log sends them, for parser tests: messages of logged
 * packets with the attributes the kernel writes, acknowledgements, and raw IP packets to log.
 */
final class NflogDatagrams {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    /** Appends a message of the given type holding the body (padded to 4 bytes). */
    NflogDatagrams message(int type, int sequence, byte[] body) {
        ByteBuffer header = ByteBuffer.allocate(NflogProtocol.NLMSG_HEADER).order(ByteOrder.nativeOrder());
        header.putInt(NflogProtocol.NLMSG_HEADER + body.length).putShort((short) type).putShort((short) 0)
                .putInt(sequence).putInt(0);
        bytes.writeBytes(header.array());
        bytes.writeBytes(body);
        bytes.writeBytes(new byte[NflogProtocol.align(body.length) - body.length]);
        return this;
    }

    /** Appends a logged packet of the family with its payload, timestamp and sequence number. */
    NflogDatagrams logged(int family, byte[] payload, long seconds, long micros, long sequence) {
        return message(NflogProtocol.MSG_PACKET, 0, body(family)
                .attribute(NflogProtocol.NFULA_PACKET_HDR, ByteBuffer.allocate(4).putShort((short) 0x0800).array())
                .attribute(NflogProtocol.NFULA_TIMESTAMP, ByteBuffer.allocate(16).putLong(seconds).putLong(micros).array())
                .attribute(NflogProtocol.NFULA_SEQ, ByteBuffer.allocate(4).putInt((int) sequence).array())
                .attribute(NflogProtocol.NFULA_PAYLOAD, payload)
                .bytes());
    }

    /** Appends an acknowledgement ({@code errno} 0) or error answering the request {@code sequence}. */
    NflogDatagrams answer(int sequence, int errno) {
        ByteBuffer body = ByteBuffer.allocate(4 + NflogProtocol.NLMSG_HEADER).order(ByteOrder.nativeOrder());
        body.putInt(-errno);
        return message(NflogProtocol.NLMSG_ERROR, sequence, body.array());
    }

    byte[] bytes() {
        return bytes.toByteArray();
    }

    /** The body of a logged-packet message: nfgenmsg, then attributes. */
    static Body body(int family) {
        return new Body(family);
    }

    /** An nfgenmsg and attributes, each padded to 4 bytes. */
    static final class Body {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Body(int family) {
            bytes.writeBytes(new byte[] {(byte) family, 0, 0x10, (byte) 0x92});
        }

        Body attribute(int type, byte[] value) {
            ByteBuffer header = ByteBuffer.allocate(NflogProtocol.NLA_HEADER).order(ByteOrder.nativeOrder());
            header.putShort((short) (NflogProtocol.NLA_HEADER + value.length)).putShort((short) type);
            bytes.writeBytes(header.array());
            bytes.writeBytes(value);
            bytes.writeBytes(new byte[NflogProtocol.align(value.length) - value.length]);
            return this;
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }
    }

    /** An IPv4 packet from {@code source} to {@code destination} carrying the transport header. */
    static byte[] ipv4(int protocol, byte[] source, byte[] destination, byte[] transport) {
        ByteBuffer packet = ByteBuffer.allocate(20 + transport.length);
        packet.put((byte) 0x45).put((byte) 0).putShort((short) (20 + transport.length)).putShort((short) 1)
                .putShort((short) 0x4000).put((byte) 64).put((byte) protocol).putShort((short) 0)
                .put(source).put(destination).put(transport);
        return packet.array();
    }

    /** An IPv6 packet whose extension headers (already chained) precede the transport header. */
    static byte[] ipv6(int next, byte[] source, byte[] destination, byte[] extensions, byte[] transport) {
        ByteBuffer packet = ByteBuffer.allocate(40 + extensions.length + transport.length);
        packet.putInt(0x6000_0000).putShort((short) (extensions.length + transport.length)).put((byte) next)
                .put((byte) 64).put(source).put(destination).put(extensions).put(transport);
        return packet.array();
    }

    /** A UDP header to the port. */
    static byte[] udp(int sourcePort, int port) {
        return ByteBuffer.allocate(8).putShort((short) sourcePort).putShort((short) port).putShort((short) 8)
                .putShort((short) 0).array();
    }

    /** A 20-byte TCP header to the port with the flags. */
    static byte[] tcp(int sourcePort, int port, int flags) {
        return ByteBuffer.allocate(20).putShort((short) sourcePort).putShort((short) port).putInt(1).putInt(0)
                .put((byte) 0x50).put((byte) flags).putShort((short) 1024).putInt(0).array();
    }
}
