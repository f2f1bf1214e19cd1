package dev.portknock.benchmarks;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Addresses for benchmark traffic, all from the documentation ranges (RFC 5737, RFC 3849): the
 * packets are built in memory and never sent, but they look like the flood a server would see.
 */
final class Addresses {
    private Addresses() {
    }

    /** The server's address, the destination of every packet: 192.0.2.1. */
    static InetAddress server() {
        return of(new byte[] {(byte) 192, 0, 2, 1});
    }

    /** A legitimate client, 198.51.100.{n}, for n in 1..254. */
    static InetAddress client(int n) {
        if (n < 1 || n > 254) {
            throw new IllegalArgumentException("client number must be in 1..254: " + n);
        }
        return of(new byte[] {(byte) 198, 51, 100, (byte) n});
    }

    /** The n-th spoofed source, 2001:db8::{n} (2^32 distinct addresses), as a flood would use. */
    static InetAddress spoofed(int n) {
        byte[] bytes = new byte[16];
        bytes[0] = 0x20;
        bytes[1] = 0x01;
        bytes[2] = 0x0d;
        bytes[3] = (byte) 0xb8;
        bytes[12] = (byte) (n >>> 24);
        bytes[13] = (byte) (n >>> 16);
        bytes[14] = (byte) (n >>> 8);
        bytes[15] = (byte) n;
        return of(bytes);
    }

    /**
     * The n-th address, for n below 2^21, of a flood from one IPv6 /64 (2001:db8:0:1::/64) whose
     * addresses all have the same {@code InetAddress.hashCode()}: their interface identifiers' two
     * 32-bit words sum to 0x7f7f7f7f the way {@code Inet6Address.hashCode} sums them.
     */
    static InetAddress equalWordSum(int n) {
        if (n < 0 || n >= 1 << 21) {
            throw new IllegalArgumentException("equal-sum address number must be in 0..2^21-1: " + n);
        }
        byte[] bytes = new byte[16];
        bytes[0] = 0x20;
        bytes[1] = 0x01;
        bytes[2] = 0x0d;
        bytes[3] = (byte) 0xb8;
        bytes[7] = 1;
        bytes[12] = 0x7f;
        for (int i = 0; i < 3; i++) {
            int low = n >>> 7 * (2 - i) & 0x7f;
            bytes[9 + i] = (byte) low;
            bytes[13 + i] = (byte) (0x7f - low);
        }
        return of(bytes);
    }

    private static InetAddress of(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address of 4 or 16 bytes", e);
        }
    }
}
