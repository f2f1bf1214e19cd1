package dev.portknock.systemtests;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the UDP datagrams out of a classic pcap file that tcpdump wrote on an Ethernet (veth)
 * interface: enough to replay a recorded knock exactly. Anything that is not an IPv4 or IPv6
 * UDP frame without extension headers fails the test, since the recording's filter admits only
 * such frames.
 */
final class UdpRecording {
    private static final int LINKTYPE_ETHERNET = 1;

    /**
     * One recorded datagram.
     *
     * @param source source address and port
     * @param destination destination address and port
     * @param payloadLength bytes of UDP payload
     */
    record Datagram(InetSocketAddress source, InetSocketAddress destination, int payloadLength) {
    }

    private UdpRecording() {
    }

    /** The datagrams of the file, in recorded order. */
    static List<Datagram> read(Path file) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file));
        if (in.remaining() < 24) {
            throw new AssertionError("recording " + file + " has no pcap header (" + in.remaining() + " bytes)");
        }
        int magic = in.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            in.order(ByteOrder.BIG_ENDIAN);
            magic = in.getInt(0);
        }
        if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            throw new AssertionError("recording " + file + " is not a classic pcap file");
        }
        int linkType = in.getInt(20);
        if (linkType != LINKTYPE_ETHERNET) {
            throw new AssertionError("recording " + file + " has link type " + linkType + ", not Ethernet");
        }
        in.position(24);
        List<Datagram> datagrams = new ArrayList<>();
        while (in.remaining() >= 16) {
            in.position(in.position() + 8);
            int captured = in.getInt();
            in.getInt();
            byte[] frame = new byte[captured];
            in.get(frame);
            datagrams.add(datagram(ByteBuffer.wrap(frame)));
        }
        return datagrams;
    }

    private static Datagram datagram(ByteBuffer frame) throws IOException {
        int etherType = frame.getShort(12) & 0xffff;
        int ip = 14;
        InetAddress source;
        InetAddress destination;
        int udp;
        if (etherType == 0x0800 && frame.get(ip + 9) == 17) {
            source = address(frame, ip + 12, 4);
            destination = address(frame, ip + 16, 4);
            udp = ip + (frame.get(ip) & 0x0f) * 4;
        } else if (etherType == 0x86dd && frame.get(ip + 6) == 17) {
            source = address(frame, ip + 8, 16);
            destination = address(frame, ip + 24, 16);
            udp = ip + 40;
        } else {
            throw new AssertionError("recorded frame is not UDP over IPv4 or IPv6: ether type " + etherType);
        }
        int sourcePort = frame.getShort(udp) & 0xffff;
        int destinationPort = frame.getShort(udp + 2) & 0xffff;
        int length = frame.getShort(udp + 4) & 0xffff;
        return new Datagram(new InetSocketAddress(source, sourcePort), new InetSocketAddress(destination, destinationPort),
                length - 8);
    }

    private static InetAddress address(ByteBuffer frame, int offset, int length) throws IOException {
        byte[] bytes = Arrays.copyOfRange(frame.array(), offset, offset + length);
        return InetAddress.getByAddress(bytes);
    }
}
