package dev.portknock.nflog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portknock.core.PortRange;
import dev.portknock.core.TcpFlagFilter;
import dev.portknock.core.Transport;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NftRulesTest {
    private static final PortRange UDP_DOOR = new PortRange(40000, 44095, Transport.UDP, TcpFlagFilter.ANY);

    private static NftRules rules(List<PortRange> ports, Optional<String> networkInterface,
                                  Optional<InetAddress> listen) {
        return new NftRules(4242, ports, networkInterface, listen);
    }

    @Test
    void theTableIsNamedForItsGroup() {
        assertEquals("inet portknock_nflog_4242", rules(List.of(UDP_DOOR), Optional.empty(), Optional.empty())
                .qualifiedTable());
    }

    @Test
    void installingReplacesAnyTableOfTheNameInOneScript() {
        assertEquals("""
                add table inet portknock_nflog_4242
                delete table inet portknock_nflog_4242
                table inet portknock_nflog_4242 {
                \tchain knocks {
                \t\ttype filter hook input priority filter - 10; policy accept;
                \t\tudp dport 40000-44095 log group 4242 drop
                \t}
                }
                """, rules(List.of(UDP_DOOR), Optional.empty(), Optional.empty()).install());
    }

    @Test
    void eachRangeGetsARuleForItsProtocolAndTcpFlags() {
        String script = rules(List.of(
                new PortRange(7000, 7000, Transport.TCP, TcpFlagFilter.SYN_ONLY),
                new PortRange(8000, 8010, Transport.TCP, TcpFlagFilter.ANY),
                new PortRange(9000, 9001, Transport.TCP, TcpFlagFilter.parse("!ack,!rst")),
                UDP_DOOR), Optional.empty(), Optional.empty()).install();

        assertEquals(List.of(
                "tcp dport 7000 tcp flags & (syn | ack) == syn log group 4242 drop",
                "tcp dport 8000-8010 log group 4242 drop",
                "tcp dport 9000-9001 tcp flags & (rst | ack) == 0 log group 4242 drop",
                "udp dport 40000-44095 log group 4242 drop"), rules(script));
    }

    @Test
    void theInterfaceAndAnIpv4ListenAddressNarrowEveryRule() throws Exception {
        String script = rules(List.of(UDP_DOOR), Optional.of("eth0"), Optional.of(InetAddress.getByName("192.0.2.1")))
                .install();

        assertEquals(List.of("iifname \"eth0\" ip daddr 192.0.2.1 udp dport 40000-44095 log group 4242 drop"),
                rules(script));
    }

    @Test
    void anIpv6ListenAddressIsWrittenWithoutScope() throws Exception {
        String script = rules(List.of(UDP_DOOR), Optional.empty(), Optional.of(InetAddress.getByName("fe80::1%1")))
                .install();

        assertEquals(List.of("ip6 daddr fe80:0:0:0:0:0:0:1 udp dport 40000-44095 log group 4242 drop"), rules(script));
    }

    @Test
    void removingDeletesTheTableWhetherItExistsOrNot() {
        assertEquals("add table inet portknock_nflog_4242\ndelete table inet portknock_nflog_4242\n",
                rules(List.of(UDP_DOOR), Optional.empty(), Optional.empty()).remove());
    }

    @Test
    void anInterfaceNameThatCouldCarryNftSyntaxIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> rules(List.of(UDP_DOOR), Optional.of("eth0\" accept; #"), Optional.empty()));
        assertEquals("nflog capture: network interface name must be 1 to 15 letters, digits, '.', '_', '-', '@' or"
                + " '+': 'eth0\" accept; #'", e.getMessage());
    }

    @Test
    void anInterfaceNameLongerThanLinuxAllowsIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> rules(List.of(UDP_DOOR), Optional.of("a234567890123456"), Optional.empty()));
    }

    @Test
    void aCaptureWithoutPortsIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> rules(List.of(), Optional.empty(), Optional.empty()));
        assertEquals("a capture needs at least one port range", e.getMessage());
    }

    /** The rule lines of a script: those inside the chain after its type line. */
    private static List<String> rules(String script) {
        return script.lines().filter(line -> line.startsWith("\t\t") && !line.contains("type filter"))
                .map(String::strip).toList();
    }
}
