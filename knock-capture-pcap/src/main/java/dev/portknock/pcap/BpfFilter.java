package dev.portknock.pcap;

import dev.portknock.core.PortRange;
import dev.portknock.core.TcpFlagFilter;
import dev.portknock.core.Transport;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds the BPF filter (libpcap's filter language) that lets through only candidate knock
 * packets: the doors' destination port ranges per transport, TCP flags where a door asks for
 * them, and the local address when one is set. The kernel applies it, so the JVM wakes up only for
 * packets that can matter. It may let through more than the doors need, never less:
 * <ul>
 *   <li>TCP flags are tested for IPv4 only; libpcap cannot index into the TCP header of IPv6.</li>
 *   <li>IPv6 packets whose first next-header is an extension header (hop-by-hop, routing,
 *       destination options, authentication) pass whole, because BPF cannot follow the header
 *       chain to the port; the frame parser does.</li>
 * </ul>
 */
final class BpfFilter {
    private static final int[] IPV6_EXTENSION_HEADERS = {0, 43, 60, 51};

    private BpfFilter() {
    }

    /**
     * The filter for the ranges and local address.
     *
     * @param ranges the doors' port ranges, at least one
     * @param localAddress the destination address to watch; a wildcard address watches all
     * @param vlan whether to accept the same packets inside 802.1Q VLAN tags (Ethernet only)
     */
    static String build(List<PortRange> ranges, Optional<InetAddress> localAddress, boolean vlan) {
        Objects.requireNonNull(ranges, "ranges");
        Objects.requireNonNull(localAddress, "localAddress");
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("a filter needs at least one port range");
        }
        Optional<InetAddress> destination = localAddress.filter(address -> !address.isAnyLocalAddress());
        List<String> alternatives = new ArrayList<>();
        for (PortRange range : ranges) {
            alternatives.add(range(range));
        }
        if (destination.map(address -> address.getAddress().length == 16).orElse(true)) {
            alternatives.add(ipv6WithExtensionHeaders());
        }
        String ports = String.join(" or ", alternatives);
        String packet = destination
                .map(address -> "dst host " + unscoped(address) + " and (" + ports + ")")
                .orElse(ports);
        return vlan ? "(" + packet + ") or (vlan and (" + packet + "))" : packet;
    }

    /** The address without an IPv6 scope ({@code %eth0}), which the filter language does not take. */
    private static String unscoped(InetAddress address) {
        try {
            return InetAddress.getByAddress(address.getAddress()).getHostAddress();
        } catch (UnknownHostException e) {
            throw new AssertionError("an address's own bytes are always valid", e);
        }
    }

    private static String range(PortRange range) {
        String ports = range.first() == range.last()
                ? "dst port " + range.first()
                : "dst portrange " + range.first() + "-" + range.last();
        String clause = range.transport().keyword() + " " + ports;
        TcpFlagFilter flags = range.tcpFlags();
        int mask = flags.required() | flags.forbidden();
        if (range.transport() == Transport.TCP && mask != 0) {
            clause += " and (ip6 or tcp[13] & " + mask + " = " + flags.required() + ")";
        }
        return "(" + clause + ")";
    }

    private static String ipv6WithExtensionHeaders() {
        List<String> headers = new ArrayList<>();
        for (int header : IPV6_EXTENSION_HEADERS) {
            headers.add("ip6[6] = " + header);
        }
        return "(ip6 and (" + String.join(" or ", headers) + "))";
    }
}
