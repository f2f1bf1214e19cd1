package dev.portknock.pad;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Streams pad material into a new pad file of format 1: header with the checksum left zero,
 * material chunk by chunk while hashing it, then the checksum, then force and an atomic link.
 * An interrupted write leaves no file under the target's name.
 */
final class PadWriter {
    /** Fills a buffer with the next material bytes, in order. */
    @FunctionalInterface
    interface MaterialSource {
        void fill(byte[] chunk, int length);
    }

    static final int CHUNK = 1 << 20;

    private PadWriter() {
    }

    static void write(Path target, PadId id, int digitBits, long digitCount, MaterialSource source,
                      PadGenerator.Progress progress) throws IOException {
        long total = PadGenerator.fileLength(digitBits, digitCount) - PadFormat.HEADER_LENGTH;
        AtomicFiles.create(target, channel -> {
            ByteBuffer header = ByteBuffer.allocate(PadFormat.HEADER_LENGTH);
            header.put(PadFormat.MAGIC).putShort((short) PadFormat.VERSION).put((byte) digitBits).put((byte) 0)
                    .put(id.bytes()).putLong(digitCount);
            header.position(PadFormat.HEADER_LENGTH).flip();
            writeFully(channel, header);
            MessageDigest sha = Checksums.sha256();
            byte[] chunk = new byte[(int) Math.min(CHUNK, total)];
            long written = 0;
            try {
                while (written < total) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new InterruptedIOException("pad generation interrupted after " + written + " bytes");
                    }
                    int length = (int) Math.min(chunk.length, total - written);
                    source.fill(chunk, length);
                    if (written + length == total) {
                        chunk[length - 1] &= (byte) PadFormat.finalByteMask(digitCount, digitBits);
                    }
                    sha.update(chunk, 0, length);
                    writeFully(channel, ByteBuffer.wrap(chunk, 0, length));
                    written += length;
                    progress.update(written, total);
                }
            } finally {
                Arrays.fill(chunk, (byte) 0);
            }
            ByteBuffer checksum = ByteBuffer.wrap(sha.digest());
            while (checksum.hasRemaining()) {
                channel.write(checksum, PadFormat.OFFSET_CHECKSUM + checksum.position());
            }
        });
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Material that packs given digits, k bits each, most significant bit first. */
    static MaterialSource packing(int[] digits, int digitBits) {
        int radix = 1 << digitBits;
        for (int digit : digits) {
            if (digit < 0 || digit >= radix) {
                throw new IllegalArgumentException("digit out of range 0.." + (radix - 1));
            }
        }
        return new MaterialSource() {
            private int next;
            private long accumulator;
            private int bits;

            @Override
            public void fill(byte[] chunk, int length) {
                for (int i = 0; i < length; i++) {
                    while (bits < 8 && next < digits.length) {
                        accumulator = accumulator << digitBits | digits[next++];
                        bits += digitBits;
                    }
                    if (bits >= 8) {
                        chunk[i] = (byte) (accumulator >>> (bits - 8));
                        bits -= 8;
                    } else {
                        chunk[i] = (byte) (accumulator << (8 - bits));
                        bits = 0;
                    }
                    accumulator &= (1L << bits) - 1;
                }
            }
        };
    }
}
