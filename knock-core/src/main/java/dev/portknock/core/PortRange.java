package dev.portknock.core;

import java.util.Objects;

/**
 * A contiguous range of destination ports of one transport that a door listens on; what a
 * capture backend must see (a BPF filter, the UDP sockets to bind).
 *
 * @param first first port, 1..65535
 * @param last last port, first..65535
 * @param transport UDP or TCP
 * @param tcpFlags for TCP, which segments count
 */
public record PortRange(int first, int last, Transport transport, TcpFlagFilter tcpFlags) {
    /** Validates the range. */
    public PortRange {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(tcpFlags, "tcpFlags");
        if (first < 1 || last > 65535 || first > last) {
            throw new IllegalArgumentException("port range must lie in 1..65535: " + first + ".." + last);
        }
    }

    /** Whether the port lies in the range. */
    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    /** The number of ports. */
    public int size() {
        return last - first + 1;
    }
}
