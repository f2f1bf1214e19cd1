package dev.portknock.pad;

import dev.portknock.core.PadDigits;
import dev.portknock.core.Profile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * A pad file of format 1 (PROTOCOL.md §4), opened read-only and fully checked: header fields,
 * length and the SHA-256 of the material. The material is memory-mapped, so pads of hundreds of
 * megabytes cost no heap; it is handed out digit by digit or as fresh copies, never as an
 * internal array. The library never writes to an opened pad.
 */
public final class Pad implements PadDigits {
    /** Material is mapped in segments of this many bytes (a mapping is limited to 2 GiB). */
    private static final int SEGMENT_BITS = 30;
    private static final long SEGMENT_MASK = (1L << SEGMENT_BITS) - 1;

    private final Path file;
    private final PadId id;
    private final int digitBits;
    private final long digitCount;
    private final long materialLength;
    private final ByteBuffer[] segments;

    private Pad(Path file, PadId id, int digitBits, long digitCount, long materialLength, ByteBuffer[] segments) {
        this.file = file;
        this.id = id;
        this.digitBits = digitBits;
        this.digitCount = digitCount;
        this.materialLength = materialLength;
        this.segments = segments;
    }

    /**
     * Opens and checks a pad file.
     *
     * @param file the pad file
     * @throws PadFormatException naming the file and what is wrong with it: not a regular file
     *     (a directory, a fifo, a device), bad magic, unknown
     *     version, digit bits out of range, non-zero reserved byte, truncated header or material,
     *     trailing bytes, non-zero unused bits, checksum mismatch
     * @throws IOException when the file cannot be read, or group or others may read or write it
     *     (the message gives the {@code chmod} that fixes it)
     */
    public static Pad open(Path file) throws IOException {
        return open(file, 0);
    }

    /**
     * Opens and checks a pad that begins {@code offset} bytes into a file and runs to its end, as
     * in a client bundle (PROTOCOL.md §7), with every check of {@link #open(Path)}; the bytes
     * before the offset are the caller's business. {@link #file()} is the whole file.
     *
     * @param file the file holding the pad
     * @param offset where the pad's header begins
     * @throws IllegalArgumentException for a negative offset
     * @throws PadFormatException as {@link #open(Path)} does, for the pad part of the file
     * @throws IOException as {@link #open(Path)} does
     */
    public static Pad open(Path file, long offset) throws IOException {
        Objects.requireNonNull(file, "file");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        // before opening: opening a fifo for reading waits for a writer, which may never come
        if (!Files.readAttributes(file, BasicFileAttributes.class).isRegularFile()) {
            throw new PadFormatException(file, "not a regular file");
        }
        PrivateFiles.refuseAccessibleByOthers(file, "pad file");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = Math.max(0, channel.size() - offset);
            if (size < PadFormat.HEADER_LENGTH) {
                throw new PadFormatException(file, "truncated header: " + size + " bytes, a pad file needs at least "
                        + PadFormat.HEADER_LENGTH);
            }
            ByteBuffer header = ByteBuffer.allocate(PadFormat.HEADER_LENGTH);
            while (header.hasRemaining()) {
                if (channel.read(header, offset + header.position()) < 0) {
                    throw new PadFormatException(file, "truncated header");
                }
            }
            header.flip();
            byte[] magic = new byte[PadFormat.MAGIC.length];
            header.get(magic);
            if (!Arrays.equals(magic, PadFormat.MAGIC)) {
                throw new PadFormatException(file, "bad magic: not a pad file");
            }
            int version = Short.toUnsignedInt(header.getShort(PadFormat.OFFSET_VERSION));
            if (version != PadFormat.VERSION) {
                throw new PadFormatException(file, "unknown format version " + version + ", expected 1");
            }
            int digitBits = Byte.toUnsignedInt(header.get(PadFormat.OFFSET_DIGIT_BITS));
            if (digitBits < PadFormat.MIN_DIGIT_BITS || digitBits > PadFormat.MAX_DIGIT_BITS) {
                throw new PadFormatException(file, "digit bits " + digitBits + " out of range 4..15");
            }
            int reserved = Byte.toUnsignedInt(header.get(PadFormat.OFFSET_RESERVED));
            if (reserved != 0) {
                throw new PadFormatException(file, "reserved byte is " + reserved + ", must be 0");
            }
            byte[] idBytes = new byte[PadId.LENGTH];
            header.get(PadFormat.OFFSET_ID, idBytes);
            long digitCount = header.getLong(PadFormat.OFFSET_COUNT);
            long expected = PadFormat.materialLength(digitCount, digitBits);
            if (expected < 0) {
                throw new PadFormatException(file, "digit count " + Long.toUnsignedString(digitCount)
                        + " is larger than any file");
            }
            long found = size - PadFormat.HEADER_LENGTH;
            if (found < expected) {
                throw new PadFormatException(file, "truncated material: " + digitCount + " digits of " + digitBits
                        + " bits need " + expected + " bytes, found " + found);
            }
            if (found > expected) {
                throw new PadFormatException(file, "trailing bytes: " + digitCount + " digits of " + digitBits
                        + " bits need " + expected + " bytes, found " + found);
            }
            byte[] checksum = new byte[PadFormat.CHECKSUM_LENGTH];
            header.get(PadFormat.OFFSET_CHECKSUM, checksum);
            ByteBuffer[] segments = map(channel, offset + PadFormat.HEADER_LENGTH, expected);
            Pad pad = new Pad(file, new PadId(idBytes), digitBits, digitCount, expected, segments);
            if (!MessageDigest.isEqual(checksum, pad.materialDigest())) {
                throw new PadFormatException(file, "checksum mismatch: the material is damaged");
            }
            if (expected > 0) {
                int last = pad.byteAt(expected - 1);
                if ((last & ~PadFormat.finalByteMask(digitCount, digitBits)) != 0) {
                    throw new PadFormatException(file, "unused bits of the final byte are not 0");
                }
            }
            return pad;
        }
    }

    private static ByteBuffer[] map(FileChannel channel, long from, long length) throws IOException {
        int count = (int) ((length + SEGMENT_MASK) >>> SEGMENT_BITS);
        ByteBuffer[] segments = new ByteBuffer[count];
        for (int s = 0; s < count; s++) {
            long start = (long) s << SEGMENT_BITS;
            long size = Math.min(1L << SEGMENT_BITS, length - start);
            MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, from + start, size);
            segments[s] = mapped.asReadOnlyBuffer();
        }
        return segments;
    }

    private byte[] materialDigest() {
        MessageDigest sha = Checksums.sha256();
        for (ByteBuffer segment : segments) {
            sha.update(segment.duplicate());
        }
        return sha.digest();
    }

    private int byteAt(long position) {
        if (position >= materialLength) {
            return 0;
        }
        return Byte.toUnsignedInt(segments[(int) (position >>> SEGMENT_BITS)].get((int) (position & SEGMENT_MASK)));
    }

    /** The file the pad was read from. */
    public Path file() {
        return file;
    }

    /** The pad's id. */
    public PadId id() {
        return id;
    }

    /** k, the bits of each digit. */
    public int digitBits() {
        return digitBits;
    }

    /** N, the number of digits. */
    public long digitCount() {
        return digitCount;
    }

    /** How many whole blocks of {@code blockDigits} digits the pad holds. */
    public long blocks(int blockDigits) {
        if (blockDigits < 1) {
            throw new IllegalArgumentException("block digits must be at least 1: " + blockDigits);
        }
        return digitCount / blockDigits;
    }

    /**
     * Refuses a profile this pad's digits do not fit: both sides, issuer and verifier, check it
     * before cutting a knock from the pad.
     *
     * @throws IllegalArgumentException when the pad's digit bits are not the profile's
     */
    public void requireFits(Profile profile) {
        if (digitBits != profile.digitBits()) {
            throw new IllegalArgumentException("pad " + id + " has " + digitBits
                    + "-bit digits, the profile needs " + profile.digitBits());
        }
    }

    /** How many knocks of a profile the pad holds ({@code N / profile.blockDigits()}). */
    public long knocks(Profile profile) {
        return blocks(profile.blockDigits());
    }

    /**
     * Digit {@code i}.
     *
     * @throws IndexOutOfBoundsException when i is not in {@code [0, N)}
     */
    @Override
    public int digit(long index) {
        Objects.checkIndex(index, digitCount);
        long bit = index * digitBits;
        long position = bit >>> 3;
        int window = byteAt(position) << 16 | byteAt(position + 1) << 8 | byteAt(position + 2);
        return window >>> (24 - (int) (bit & 7) - digitBits) & ((1 << digitBits) - 1);
    }

    /**
     * Copies digits {@code [from, from + count)} into a caller's buffer.
     *
     * @throws IndexOutOfBoundsException when the digits or the buffer range are out of bounds
     */
    public void copyDigits(long from, int[] target, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, target.length);
        Objects.checkFromIndexSize(from, count, digitCount);
        // One pass over the material with a bit accumulator, four bytes per read where they lie in
        // one mapped segment: reading digit by digit would read two or three bytes per digit. The
        // accumulator holds fewer than k + 32 <= 47 bits.
        long bit = from * digitBits;
        long position = bit >>> 3;
        long mask = (1L << digitBits) - 1;
        int skip = (int) (bit & 7);
        long accumulator = byteAt(position++) & (0xFF >>> skip);
        int held = 8 - skip;
        for (int i = 0; i < count; i++) {
            if (held < digitBits) {
                if (position + 4 <= materialLength && (position & SEGMENT_MASK) <= SEGMENT_MASK - 3) {
                    int word = segments[(int) (position >>> SEGMENT_BITS)].getInt((int) (position & SEGMENT_MASK));
                    accumulator = accumulator << 32 | Integer.toUnsignedLong(word);
                    position += 4;
                    held += 32;
                } else {
                    while (held < digitBits) {
                        accumulator = accumulator << 8 | byteAt(position++);
                        held += 8;
                    }
                }
            }
            held -= digitBits;
            target[offset + i] = (int) (accumulator >>> held & mask);
            accumulator &= (1L << held) - 1;
        }
    }

    /**
     * Block {@code j} of {@code blockDigits} digits, as a fresh array the caller should zero when done.
     *
     * @throws IndexOutOfBoundsException when the block is not wholly inside the pad
     */
    public int[] block(long index, int blockDigits) {
        Objects.checkIndex(index, blocks(blockDigits));
        int[] block = new int[blockDigits];
        copyDigits(index * blockDigits, block, 0, blockDigits);
        return block;
    }

    /** The pad's id and size; never its material. */
    @Override
    public String toString() {
        return "Pad[" + id + ", " + digitCount + " digits of " + digitBits + " bits]";
    }
}
