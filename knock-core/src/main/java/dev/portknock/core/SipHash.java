package dev.portknock.core;

import java.security.SecureRandom;

/**
 * SipHash-1-3 (Aumasson and Bernstein; the variant Rust's HashMap and Python's string hash use): a
 * keyed pseudorandom function of a byte string. Without the 128-bit key nobody can choose inputs
 * whose outputs collide more often than chance would have them, which is what a table keyed by
 * addresses an attacker picks needs. One compression round per 8-byte word and three finalization
 * rounds: short inputs such as addresses cost a few dozen instructions. Not thread-safe.
 */
final class SipHash {
    private static final int FINALIZATION_ROUNDS = 3;

    private final long k0;
    private final long k1;
    /** The state of the hash being computed: an instance hashes for one thread, like the table it serves. */
    private long v0;
    private long v1;
    private long v2;
    private long v3;

    /** A hash under the key {@code k0, k1} (the key's first and last eight bytes, little-endian). */
    SipHash(long k0, long k1) {
        this.k0 = k0;
        this.k1 = k1;
    }

    /** A hash under a key drawn from the platform's {@link SecureRandom}. */
    static SipHash withRandomKey() {
        SecureRandom random = new SecureRandom();
        return new SipHash(random.nextLong(), random.nextLong());
    }

    /** The 64-bit SipHash-1-3 of the bytes. */
    long hash(byte[] message) {
        start();
        int full = message.length & ~7;
        for (int i = 0; i < full; i += 8) {
            absorb(littleEndian(message, i));
        }
        long tail = (long) message.length << 56;  // the last 0..7 bytes under the length's low byte
        for (int i = full; i < message.length; i++) {
            tail |= (message[i] & 0xFFL) << 8 * (i - full);
        }
        absorb(tail);
        return finish();
    }

    /** {@link #hash(byte[])} of four bytes given as a big-endian int (an IPv4 address), without an array. */
    long hash(int fourBytes) {
        start();
        absorb(4L << 56 | Integer.reverseBytes(fourBytes) & 0xFFFFFFFFL);
        return finish();
    }

    /**
     * {@link #hash(byte[])} of sixteen bytes given as two words, each eight bytes read
     * little-endian (an IPv6 address as {@link AddressTable.Key} holds it), without an array.
     */
    long hash(long first, long second) {
        start();
        absorb(first);
        absorb(second);
        absorb(16L << 56);
        return finish();
    }

    private void start() {
        v0 = k0 ^ 0x736f6d6570736575L;
        v1 = k1 ^ 0x646f72616e646f6dL;
        v2 = k0 ^ 0x6c7967656e657261L;
        v3 = k1 ^ 0x7465646279746573L;
    }

    /** One compression round per word. */
    private void absorb(long word) {
        v3 ^= word;
        round();
        v0 ^= word;
    }

    private long finish() {
        v2 ^= 0xff;
        for (int i = 0; i < FINALIZATION_ROUNDS; i++) {
            round();
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }

    private void round() {
        v0 += v1;
        v1 = Long.rotateLeft(v1, 13) ^ v0;
        v0 = Long.rotateLeft(v0, 32);
        v2 += v3;
        v3 = Long.rotateLeft(v3, 16) ^ v2;
        v0 += v3;
        v3 = Long.rotateLeft(v3, 21) ^ v0;
        v2 += v1;
        v1 = Long.rotateLeft(v1, 17) ^ v2;
        v2 = Long.rotateLeft(v2, 32);
    }

    private static long littleEndian(byte[] bytes, int offset) {
        long word = 0;
        for (int i = 7; i >= 0; i--) {
            word = word << 8 | (bytes[offset + i] & 0xFFL);
        }
        return word;
    }
}
