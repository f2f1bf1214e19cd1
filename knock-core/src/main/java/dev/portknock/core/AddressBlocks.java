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
        int[] blocks = new int[count(bytes, k)];
        write(bytes, k, blocks, 0);
        return blocks;
    }

    /** How many k-bit blocks the canonical address bytes make. */
    static int count(byte[] canonical, int k) {
        return (canonical.length * 8 + k - 1) / k;
    }

    /**
     * Writes the k-bit blocks of canonical address bytes to {@code target} from {@code offset};
     * returns how many. Each block is read from a 24-bit window of the bytes (k is at most 15), as
     * a pad digit is, rather than bit by bit: the verifier does this for every knock.
     */
    static int write(byte[] canonical, int k, int[] target, int offset) {
        int count = count(canonical, k);
        int mask = (1 << k) - 1;
        for (int b = 0; b < count; b++) {
            int bit = b * k;
            int position = bit >>> 3;
            int window = byteAt(canonical, position) << 16 | byteAt(canonical, position + 1) << 8
                    | byteAt(canonical, position + 2);
            target[offset + b] = window >>> (24 - (bit & 7) - k) & mask;
        }
        return count;
    }

    /** The unsigned byte, or 0 past the end: the last block is right-padded with zero bits. */
    private static int byteAt(byte[] bytes, int position) {
        return position < bytes.length ? Byte.toUnsignedInt(bytes[position]) : 0;
    }
}
