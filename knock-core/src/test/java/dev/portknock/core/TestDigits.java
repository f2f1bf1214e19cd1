package dev.portknock.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The test digit stream of PROTOCOL.md §6: {@code SHA-256(seed || u64_be(0)) || SHA-256(seed ||
 * u64_be(1)) || ...} read as k-bit digits, most significant bit first. For vectors only: a seeded
 * stream is never a pad.
 */
public final class TestDigits {
    private TestDigits() {
    }

    /** The first {@code count} k-bit digits of the stream for {@code seed}. */
    public static int[] of(String seed, int k, int count) {
        long bitsNeeded = (long) count * k;
        int chunks = (int) ((bitsNeeded + 255) / 256);
        byte[] stream = new byte[chunks * 32];
        try {
            for (int i = 0; i < chunks; i++) {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sha.update(seed.getBytes(StandardCharsets.US_ASCII));
                sha.update(ByteBuffer.allocate(8).putLong(i).array());
                System.arraycopy(sha.digest(), 0, stream, i * 32, 32);
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        int[] digits = new int[count];
        for (int d = 0; d < count; d++) {
            int value = 0;
            for (int b = 0; b < k; b++) {
                long bit = (long) d * k + b;
                value = (value << 1) | ((stream[(int) (bit >>> 3)] >>> (7 - (bit & 7))) & 1);
            }
            digits[d] = value;
        }
        return digits;
    }

    /** Digits {@code [from, from + count)} of the stream. */
    public static int[] slice(String seed, int k, int from, int count) {
        int[] all = of(seed, k, from + count);
        return java.util.Arrays.copyOfRange(all, from, from + count);
    }
}
