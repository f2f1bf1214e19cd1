package dev.portknock.examples.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An output stream that writes every byte through to another and hands each complete line, decoded,
 * to a consumer: a line goes over only once its {@code \n} arrives (a {@code \r} before it is
 * dropped too), so a line written in pieces is handed over whole. Only the first
 * {@code maxLineBytes} bytes of a line are kept for the consumer, so a line that never ends cannot
 * exhaust memory; the target still gets all of it. Closing hands over an unfinished last line and
 * flushes the target, but leaves it open: it belongs to whoever opened it.
 */
final class LineSplittingStream extends OutputStream {
    private final OutputStream target;
    private final Charset charset;
    private final int maxLineBytes;
    private final Consumer<String> lines;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    /**
     * A stream writing through to {@code target}, decoding lines in {@code charset} for {@code lines}.
     *
     * @throws IllegalArgumentException if {@code maxLineBytes} is not positive
     */
    LineSplittingStream(OutputStream target, Charset charset, int maxLineBytes, Consumer<String> lines) {
        this.target = Objects.requireNonNull(target, "target");
        this.charset = Objects.requireNonNull(charset, "charset");
        this.lines = Objects.requireNonNull(lines, "lines");
        if (maxLineBytes <= 0) {
            throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        target.write(bytes, offset, length);
        int start = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (bytes[i] == '\n') {
                keep(bytes, start, i - start);
                handOver();
                start = i + 1;
            }
        }
        keep(bytes, start, end - start);
    }

    @Override
    public synchronized void flush() throws IOException {
        target.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        if (line.size() > 0) {
            handOver();
        }
        target.flush();
    }

    private void keep(byte[] bytes, int offset, int length) {
        line.write(bytes, offset, Math.min(length, maxLineBytes - line.size()));
    }

    private void handOver() {
        byte[] bytes = line.toByteArray();
        line.reset();
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        lines.accept(new String(bytes, 0, length, charset));
    }
}
