package dev.portknock.core;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * One packet as a capture backend saw it: what the matcher needs, nothing more.
 *
 * @param time when the packet was captured
 * @param source the source address, as the server sees it
 * @param destination the destination address
 * @param destinationPort the destination port, 0..65535
 * @param transport UDP or TCP
 * @param tcpFlags the TCP flag byte (0 for UDP)
 */
public record PacketEvent(Instant time, InetAddress source, InetAddress destination,
                          int destinationPort, Transport transport, int tcpFlags) {
    /** Validates the event. */
    public PacketEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(transport, "transport");
        checkPortAndFlags(destinationPort, tcpFlags);
    }

    /** The checks of a packet's destination port and TCP flag byte, shared with {@link CapturedPacket}. */
    static void checkPortAndFlags(int destinationPort, int tcpFlags) {
        if (destinationPort < 0 || destinationPort > 65535) {
            throw new IllegalArgumentException("destination port must be in 0..65535: " + destinationPort);
        }
        if (tcpFlags < 0 || tcpFlags > 0xFF) {
            throw new IllegalArgumentException("tcp flags must be one byte: " + tcpFlags);
        }
    }

    /** A UDP datagram. */
    public static PacketEvent udp(Instant time, InetAddress source, InetAddress destination, int port) {
        return new PacketEvent(time, source, destination, port, Transport.UDP, 0);
    }

    /** A TCP segment with the given flags. */
    public static PacketEvent tcp(Instant time, InetAddress source, InetAddress destination, int port, int flags) {
        return new PacketEvent(time, source, destination, port, Transport.TCP, flags);
    }
}
