package dev.portknock.pad;

import java.nio.charset.StandardCharsets;

/** Constants and arithmetic of pad file format 1 (PROTOCOL.md §4). */
final class PadFormat {
    static final byte[] MAGIC = "KNOCKPAD".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int MIN_DIGIT_BITS = 4;
    static final int MAX_DIGIT_BITS = 15;
    static final int OFFSET_VERSION = 8;
    static final int OFFSET_DIGIT_BITS = 10;
    static final int OFFSET_RESERVED = 11;
    static final int OFFSET_ID = 12;
    static final int OFFSET_COUNT = 28;
    static final int OFFSET_CHECKSUM = 36;
    static final int HEADER_LENGTH = 68;
    static final int CHECKSUM_LENGTH = 32;

    private PadFormat() {
    }

    /**
     * The material bytes of {@code digitCount} k-bit digits, {@code ceil(N*k/8)}, or -1 when that
     * does not fit a long (no file can be that long).
     */
    static long materialLength(long digitCount, int digitBits) {
        if (digitCount < 0 || digitCount > (Long.MAX_VALUE - 7) / digitBits) {
            return -1;
        }
        return (digitCount * digitBits + 7) / 8;
    }

    /** The mask of the bits of the final material byte that carry digits (the rest must be 0). */
    static int finalByteMask(long digitCount, int digitBits) {
        int used = (int) ((digitCount * digitBits) % 8);
        return used == 0 ? 0xFF : (0xFF << (8 - used)) & 0xFF;
    }

    static void checkDigitBits(int digitBits) {
        if (digitBits < MIN_DIGIT_BITS || digitBits > MAX_DIGIT_BITS) {
            throw new IllegalArgumentException("digit bits must be in 4..15: " + digitBits);
        }
    }
}
