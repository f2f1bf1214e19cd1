package dev.portknock.pcap;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Reads IPv4 and IPv6 addresses out of frames, handing back the same {@link InetAddress} while
 * consecutive reads find the same bytes. A capture's frames nearly all carry the one local
 * destination address, so the parser reads destinations through one of these and builds their
 * address objects once, not per packet ({@link InetAddress} is immutable, so sharing is safe).
 * Not thread-safe: one per capture thread.
 */
final class LastAddress {
    private final byte[] last = new byte[16];
    private int lastLength;
    private InetAddress address;

    /**
     * The address in {@code bytes[offset .. offset + length)}.
     *
     * @param length 4 (IPv4) or 16 (IPv6; an IPv4-mapped address stays IPv6, as it travelled)
     */
    InetAddress of(byte[] bytes, int offset, int length) {
        if (address == null || length != lastLength
                || !Arrays.equals(bytes, offset, offset + length, last, 0, length)) {
            address = read(bytes, offset, length);
            System.arraycopy(bytes, offset, last, 0, length);
            lastLength = length;
        }
        return address;
    }

    /** A new address object for the bytes. */
    static InetAddress read(byte[] bytes, int offset, int length) {
        byte[] raw = Arrays.copyOfRange(bytes, offset, offset + length);
        try {
            return length == 4 ? InetAddress.getByAddress(raw) : Inet6Address.getByAddress(null, raw, -1);
        } catch (UnknownHostException e) {
            throw new AssertionError("an address of 4 or 16 bytes is always valid", e);
        }
    }
}
