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
    void ipv6IsColonHex() throws Exception {
        assertEquals("2001:db8:0:0:0:0:0:1", AddressText.of(InetAddress.getByName("2001:db8::1")));
    }

    @Test
    void ipv6ScopeIsDropped() throws Exception {
        byte[] bytes = InetAddress.getByName("fe80::1").getAddress();
        Inet6Address scoped = Inet6Address.getByAddress(null, bytes, 7);
        assertEquals("fe80:0:0:0:0:0:0:1%7", scoped.getHostAddress());
        assertEquals("fe80:0:0:0:0:0:0:1", AddressText.of(scoped));
    }
}
