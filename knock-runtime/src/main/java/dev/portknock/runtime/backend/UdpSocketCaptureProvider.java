package dev.portknock.runtime.backend;

import dev.portknock.core.PortRange;
import dev.portknock.core.Transport;
import dev.portknock.spi.CaptureProvider;
import dev.portknock.spi.CaptureSource;
import dev.portknock.spi.CaptureSpec;
import dev.portknock.spi.Requirement;
import java.net.InetAddress;
import java.util.BitSet;
import java.util.Set;

/**
 * The {@code udp-socket} capture: binds every UDP port of the door's ranges on the spec's listen
 * address and reports each datagram that arrives. It needs no privilege (for ports from 1024 up)
 * and no native code.
 *
 * <p>The spec must name a listen address (e.g. {@code 127.0.0.1}, or {@code 0.0.0.0} for every
 * IPv4 address, when events then carry the wildcard as destination). It cannot serve TCP ranges:
 * a socket sees no SYN sent to a closed port; use the {@code pcap} capture for those.
 *
 * <p><b>Visibility:</b> bound UDP ports are visible to a port scanner. A closed port answers a
 * datagram with ICMP port-unreachable; a bound one stays silent, so a scan shows the door's
 * whole range as {@code open|filtered}. A pcap capture watches closed ports and gives nothing
 * away. Use this capture where that does not matter (loopback, tests, behind a firewall that
 * drops unreachables) or where no privilege is available.
 *
 * <p>All sockets are non-blocking and served by one selector on one capture thread, so a door of
 * 4096 ports costs 4096 file descriptors and one thread. Starting fails with a message naming the
 * limit when the process's file descriptor limit ({@code ulimit -n}) is too low.
 *
 * <p><b>Order:</b> each port is its own socket with its own queue, and Java sees no kernel
 * timestamps, so when the capture thread falls behind, two datagrams of one knock waiting on two
 * sockets may be read in the wrong order and the knock fails. Clients pace their packets
 * ({@code KnockClient} waits 5 ms between them by default); under heavy load, or where order
 * must hold, use the {@code pcap} capture, which sees one stream in arrival order.
 */
public final class UdpSocketCaptureProvider implements CaptureProvider {
    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public UdpSocketCaptureProvider() {
    }

    @Override
    public String id() {
        return "udp-socket";
    }

    @Override
    public Set<Requirement> requirements() {
        return Set.of(Requirement.UDP_PORTS);
    }

    /**
     * A capture of the spec's UDP ports, bound when it starts.
     *
     * @throws IllegalArgumentException when the spec has no listen address or has a TCP range
     */
    @Override
    public CaptureSource open(CaptureSpec spec) {
        InetAddress address = spec.listenAddress().orElseThrow(
                () -> new IllegalArgumentException("udp-socket capture needs a listen address"));
        BitSet ports = new BitSet(65536);
        for (PortRange range : spec.ports()) {
            if (range.transport() == Transport.TCP) {
                throw new IllegalArgumentException("udp-socket capture cannot see tcp knocks (ports "
                        + range.first() + ".." + range.last() + "); use the pcap capture for tcp");
            }
            ports.set(range.first(), range.last() + 1);
        }
        return new UdpSocketCapture(address, ports.stream().toArray(), spec.clock(),
                FileDescriptorBudget.ofThisProcess());
    }
}
