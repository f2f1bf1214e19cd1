package dev.portknock.core;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * A source address cut into k-bit message blocks (PROTOCOL.md §3.3): the big-endian bit string of
 * the address, the last block right-padded with zero bits. An IPv4-mapped IPv6 address is
 * treated as the IPv4 address it maps.
 */
public final class AddressBlocks {
    /** Header digit of an unbound knock. */
    public static final int HEADER_UNBOUND = 1;
    /** Header digit of a knock bound to an IPv4 source. */
    public static final int HEADER_IPV4 = 2;
    /** Header digit of a knock bound to an IPv6 source. */
    public static final int HEADER_IPV6 = 3;

    private AddressBlocks() {
    }

    /** The address as the server binds it: IPv4-mapped IPv6 becomes IPv4; other bytes as they are. */
    static byte[] canonicalBytes(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address && isIpv4Mapped(bytes)) {
            return Arrays.copyOfRange(bytes, 12, 16);
        }
        return bytes;
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF;
    }

    /** The header digit for a knock bound to this address (2 for IPv4, 3 for IPv6). */
    public static int headerFor(InetAddress address) {
        return canonicalBytes(address).length == 4 ? HEADER_IPV4 : HEADER_IPV6;
    }

    /** Whether the address is IPv4 or IPv4-mapped IPv6. */
    public static boolean isIpv4(InetAddress address) {
        return address instanceof Inet4Address || canonicalBytes(address).length == 4;
    }

    /**
     * The address's k-bit blocks: {@code ceil(32/k)} for IPv4, {@code ceil(128/k)} for IPv6.
     *
     * @throws IllegalArgumentException when k is not in 4..15
     */
    public static int[] of(InetAddress address, int k) {
        GaloisField.of(k);
        byte[] bytes = canonicalBytes(address);
        int totalBits = bytes.length * 8;
        int[] blocks = new int[(totalBits + k - 1) / k];
        for (int b = 0; b < blocks.length; b++) {
            int value = 0;
            for (int i = 0; i < k; i++) {
                int bit = b * k + i;
                int v = bit < totalBits ? (bytes[bit >>> 3] >>> (7 - (bit & 7))) & 1 : 0;
                value = (value << 1) | v;
            }
            blocks[b] = value;
        }
        return blocks;
    }
}
