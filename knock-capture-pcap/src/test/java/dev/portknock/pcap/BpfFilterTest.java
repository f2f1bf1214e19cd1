package dev.portknock.pcap;

import static dev.portknock.pcap.TestFrames.inet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portknock.core.PortRange;
import dev.portknock.core.TcpFlagFilter;
import dev.portknock.core.Transport;
import java.net.Inet6Address;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BpfFilterTest {
    private static final String IPV6_EXTENSIONS =
            "(ip6 and (ip6[6] = 0 or ip6[6] = 43 or ip6[6] = 60 or ip6[6] = 51))";
    private static final PortRange UDP_RANGE = new PortRange(7000, 7099, Transport.UDP, TcpFlagFilter.ANY);
    private static final PortRange TCP_SYN_RANGE = new PortRange(8000, 8015, Transport.TCP, TcpFlagFilter.SYN_ONLY);

    @Test
    void aUdpRangeFiltersOnTheDestinationPortRange() {
        assertEquals("(udp dst portrange 7000-7099) or " + IPV6_EXTENSIONS,
                BpfFilter.build(List.of(UDP_RANGE), Optional.empty(), false));
    }

    @Test
    void aSinglePortRangeFiltersOnThePort() {
        PortRange single = new PortRange(7000, 7000, Transport.UDP, TcpFlagFilter.ANY);
        assertEquals("(udp dst port 7000) or " + IPV6_EXTENSIONS, BpfFilter.build(List.of(single), Optional.empty(), false));
    }

    @Test
    void tcpFlagsAreTestedOnIpv4AndLeftToTheMatcherOnIpv6() {
        assertEquals("(tcp dst portrange 8000-8015 and (ip6 or tcp[13] & 18 = 2)) or " + IPV6_EXTENSIONS,
                BpfFilter.build(List.of(TCP_SYN_RANGE), Optional.empty(), false));
    }

    @Test
    void tcpWithoutAFlagFilterTestsNoFlags() {
        PortRange any = new PortRange(8000, 8015, Transport.TCP, TcpFlagFilter.ANY);
        assertEquals("(tcp dst portrange 8000-8015) or " + IPV6_EXTENSIONS, BpfFilter.build(List.of(any), Optional.empty(), false));
    }

    @Test
    void severalRangesAreAlternatives() {
        assertEquals("(udp dst portrange 7000-7099) or (tcp dst portrange 8000-8015 and (ip6 or tcp[13] & 18 = 2)) or "
                + IPV6_EXTENSIONS, BpfFilter.build(List.of(UDP_RANGE, TCP_SYN_RANGE), Optional.empty(), false));
    }

    @Test
    void anIpv4LocalAddressRestrictsTheDestinationAndDropsTheIpv6Clause() {
        assertEquals("dst host 192.0.2.1 and ((udp dst portrange 7000-7099))",
                BpfFilter.build(List.of(UDP_RANGE), Optional.of(inet("192.0.2.1")), false));
    }

    @Test
    void anIpv6LocalAddressRestrictsTheDestinationAndKeepsTheIpv6Clause() {
        assertEquals("dst host 2001:db8:0:0:0:0:0:1 and ((udp dst portrange 7000-7099) or " + IPV6_EXTENSIONS + ")",
                BpfFilter.build(List.of(UDP_RANGE), Optional.of(inet("2001:db8::1")), false));
    }

    @Test
    void anIpv6ScopeIsLeftOutOfTheFilter() throws Exception {
        Inet6Address scoped = Inet6Address.getByAddress(null, inet("fe80::1").getAddress(), 3);
        assertEquals("dst host fe80:0:0:0:0:0:0:1 and ((udp dst portrange 7000-7099) or " + IPV6_EXTENSIONS + ")",
                BpfFilter.build(List.of(UDP_RANGE), Optional.of(scoped), false));
    }

    @Test
    void aWildcardLocalAddressWatchesEveryDestination() {
        assertEquals(BpfFilter.build(List.of(UDP_RANGE), Optional.empty(), false),
                BpfFilter.build(List.of(UDP_RANGE), Optional.of(inet("0.0.0.0")), false));
        assertEquals(BpfFilter.build(List.of(UDP_RANGE), Optional.empty(), false),
                BpfFilter.build(List.of(UDP_RANGE), Optional.of(inet("::")), false));
    }

    @Test
    void vlanRepeatsTheFilterInsideVlanTags() {
        String plain = "dst host 192.0.2.1 and ((udp dst portrange 7000-7099))";
        assertEquals("(" + plain + ") or (vlan and (" + plain + "))",
                BpfFilter.build(List.of(UDP_RANGE), Optional.of(inet("192.0.2.1")), true));
    }

    @Test
    void noRangesIsABadArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BpfFilter.build(List.of(), Optional.empty(), false));
        assertEquals("a filter needs at least one port range", e.getMessage());
    }
}
