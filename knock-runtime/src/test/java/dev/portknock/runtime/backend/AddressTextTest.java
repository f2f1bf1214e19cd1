package dev.portknock.runtime.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressTextTest {
    @Test
    void ipv4IsDottedDecimal() throws Exception {
        assertEquals("192.0.2.10", AddressText.of(InetAddress.getByName("192.0.2.10")));
    }

    @Test
    void ipv6IsInRfc5952Form() throws Exception {
        assertEquals("2001:db8::1", AddressText.of(InetAddress.getByName("2001:db8::1")));
    }

    @Test
    void ipv6HexDigitsAreLowercaseWithoutLeadingZeros() throws Exception {
        assertEquals("2001:db8:a:bc::ef01", AddressText.of(InetAddress.getByName("2001:0DB8:000A:00BC:0:0:0:EF01")));
    }

    @Test
    void ipv6CompressesTheLongestRunOfZeroGroups() throws Exception {
        assertEquals("2001:0:0:1::1", AddressText.of(InetAddress.getByName("2001:0:0:1:0:0:0:1")));
    }

    @Test
    void ipv6CompressesTheFirstOfTwoEqualRuns() throws Exception {
        assertEquals("2001:db8::1:0:0:1", AddressText.of(InetAddress.getByName("2001:db8:0:0:1:0:0:1")));
    }

    @Test
    void ipv6NeverCompressesASingleZeroGroup() throws Exception {
        assertEquals("2001:db8:0:1:1:1:1:1", AddressText.of(InetAddress.getByName("2001:db8:0:1:1:1:1:1")));
    }

    @Test
    void ipv6RunsAtEitherEndCompress() throws Exception {
        assertEquals("::1", AddressText.of(InetAddress.getByName("::1")));
        assertEquals("::", AddressText.of(InetAddress.getByName("::")));
        assertEquals("fe80::", AddressText.of(InetAddress.getByName("fe80::")));
    }

    @Test
    void ipv6ScopeAndHostNameAreDropped() throws Exception {
        byte[] bytes = InetAddress.getByName("fe80::1").getAddress();
        Inet6Address scoped = Inet6Address.getByAddress("$(touch pwned);x", bytes, 7);
        assertEquals("fe80:0:0:0:0:0:0:1%7", scoped.getHostAddress());
        assertEquals("fe80::1", AddressText.of(scoped));
    }
}
