package dev.portknock.pad;

import dev.portknock.core.Profile;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The 16 random bytes that name a pad (PROTOCOL.md §4); state is bound to it.
 *
 * @param bytes the 16 bytes (copied in and out)
 */
public record PadId(byte[] bytes) implements Comparable<PadId> {
    /** Bytes in a pad id. */
    public static final int LENGTH = 16;

    /** Validates and copies. */
    public PadId {
        bytes = Objects.requireNonNull(bytes, "bytes").clone();
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("pad id must have 16 bytes: " + bytes.length);
        }
    }

    /** A fresh random id. */
    public static PadId random(SecureRandom random) {
        byte[] bytes = new byte[LENGTH];
        random.nextBytes(bytes);
        return new PadId(bytes);
    }

    /**
     * Parses 32 hexadecimal digits, as {@link #toString()} prints them.
     *
     * @throws IllegalArgumentException when the text is not 32 hexadecimal digits
     */
    public static PadId parse(String hex) {
        Objects.requireNonNull(hex, "hex");
        if (hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("pad id must be 32 hexadecimal digits: '" + hex + "'");
        }
        try {
            return new PadId(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("pad id must be 32 hexadecimal digits: '" + hex + "'", e);
        }
    }

    /**
     * This pad's hint offset under a profile (PROTOCOL.md §3.3): 0 with one hint digit; with two,
     * the id's bytes 0..7 read as a big-endian unsigned 64-bit integer, modulo {@code R^2}. The
     * id is random, so a door's pads are spread evenly over the hint space.
     */
    public long hintOffset(Profile profile) {
        return profile.hintOffsetOf(ByteBuffer.wrap(bytes).getLong(0));
    }

    /** The bytes, copied. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PadId id && Arrays.equals(bytes, id.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(PadId other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    /** The id as 32 lowercase hexadecimal digits. */
    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
