package dev.portknock.pcap;

import static dev.portknock.pcap.TestFrames.inet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LastAddressTest {
    /** The address's bytes at offset 3 of a larger array with other bytes around. */
    private static byte[] at3(String address) {
        byte[] raw = inet(address).getAddress();
        byte[] bytes = new byte[raw.length + 6];
        Arrays.fill(bytes, (byte) 0x7F);
        System.arraycopy(raw, 0, bytes, 3, raw.length);
        return bytes;
    }

    @Test
    void theSameBytesGiveTheSameAddressObject() {
        LastAddress destinations = new LastAddress();

        InetAddress first = destinations.of(at3("198.51.100.1"), 3, 4);
        InetAddress second = destinations.of(at3("198.51.100.1"), 3, 4);

        assertEquals(inet("198.51.100.1"), first);
        assertSame(first, second);
    }

    @Test
    void otherBytesGiveTheirOwnAddress() {
        LastAddress destinations = new LastAddress();
        InetAddress first = destinations.of(at3("198.51.100.1"), 3, 4);

        InetAddress other = destinations.of(at3("198.51.100.2"), 3, 4);

        assertEquals(inet("198.51.100.2"), other);
        assertEquals(inet("198.51.100.1"), first);
    }

    @Test
    void bytesChangedInPlaceAreReadAgain() {
        LastAddress destinations = new LastAddress();
        byte[] batch = at3("2001:db8::1");
        InetAddress first = destinations.of(batch, 3, 16);

        batch[3 + 15] = 2;

        assertEquals(inet("2001:db8::2"), destinations.of(batch, 3, 16));
        assertEquals(inet("2001:db8::1"), first);
    }

    @Test
    void anIpv4MappedIpv6AddressAfterItsIpv4AddressStaysIpv6() {
        LastAddress destinations = new LastAddress();
        InetAddress v4 = destinations.of(at3("192.0.2.1"), 3, 4);
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 192, 0, 2, 1};

        InetAddress v6 = destinations.of(mapped, 0, 16);

        assertInstanceOf(Inet6Address.class, v6);
        assertNotSame(v4, v6);
    }

    @Test
    void addressesReadOneAfterTheOtherKeepTheirOwnBytes() {
        LastAddress addresses = new LastAddress();
        InetAddress first6 = addresses.read(at3("2001:db8::1"), 3, 16);
        InetAddress first4 = addresses.read(at3("198.51.100.1"), 3, 4);

        InetAddress second6 = addresses.read(at3("2001:db8::2"), 3, 16);
        InetAddress second4 = addresses.read(at3("198.51.100.2"), 3, 4);

        assertEquals(inet("2001:db8::1"), first6);
        assertEquals(inet("198.51.100.1"), first4);
        assertEquals(inet("2001:db8::2"), second6);
        assertEquals(inet("198.51.100.2"), second4);
    }
}
