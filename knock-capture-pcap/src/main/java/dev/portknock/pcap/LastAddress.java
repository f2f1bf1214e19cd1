package dev.portknock.pcap;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Reads IPv4 and IPv6 addresses out of frames, handing back the same {@link InetAddress} while
 * consecutive reads of {@link #of} find the same bytes. A capture's frames nearly all carry the one local
 * destination address, so the parser reads destinations through one of these and builds their
 * address objects once, not per packet ({@link InetAddress} is immutable, so sharing is safe).
 * Not thread-safe: one per capture thread.
 */
final class LastAddress {
    private final byte[] last = new byte[16];
    private int lastLength;
    private InetAddress address;
    /**
     * Where an address's bytes are copied to be handed to {@link InetAddress}, which copies them
     * again into the object it makes (a test pins this): one array of each length for every
     * address read, not a new one per packet.
     */
    private final byte[] scratch4 = new byte[4];
    private final byte[] scratch16 = new byte[16];

    /**
     * The address in {@code bytes[offset .. offset + length)}, the same object as the previous
     * call's when the bytes are.
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

    /**
     * A new address object for the bytes in {@code bytes[offset .. offset + length)}.
     *
     * @param length 4 (IPv4) or 16 (IPv6; an IPv4-mapped address stays IPv6, as it travelled)
     */
    InetAddress read(byte[] bytes, int offset, int length) {
        byte[] raw = length == 4 ? scratch4 : scratch16;
        System.arraycopy(bytes, offset, raw, 0, length);
        try {
            return length == 4 ? InetAddress.getByAddress(raw) : Inet6Address.getByAddress(null, raw, -1);
        } catch (UnknownHostException e) {
            throw new AssertionError("an address of 4 or 16 bytes is always valid", e);
        }
    }
}
