package dev.portknock.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Writes a classic pcap capture file (magic {@code a1b2c3d4}, version 2.4, microsecond
 * timestamps, little-endian) for tests: add records, then {@link #write(Path)}. Records can lie
 * about their lengths or be cut short, to test how readers cope.
 */
public final class PcapFileWriter {
    private static final int SNAPLEN = 65_535;

    private final ByteBuffer out = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);

    /** A file whose records have the given link type (1 Ethernet, 101 raw IP, 276 SLL2, ...). */
    public PcapFileWriter(int linkType) {
        out.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(SNAPLEN)
                .putInt(linkType);
    }

    /** A record holding the whole frame, stamped with the time truncated to microseconds. */
    public PcapFileWriter record(Instant time, byte[] frame) {
        header(time, frame.length, frame.length);
        out.put(frame);
        return this;
    }

    /**
     * A last record whose header announces the whole frame but whose data stops after
     * {@code present} bytes, as in a capture file cut short while being written.
     */
    public PcapFileWriter cutShort(Instant time, byte[] frame, int present) {
        header(time, frame.length, frame.length);
        out.put(frame, 0, present);
        return this;
    }

    private void header(Instant time, int captured, int original) {
        out.putInt((int) time.getEpochSecond()).putInt(time.getNano() / 1000).putInt(captured).putInt(original);
    }

    /** The file's bytes so far. */
    public byte[] bytes() {
        byte[] copy = new byte[out.position()];
        out.duplicate().flip().get(copy);
        return copy;
    }

    /** Writes the file. */
    public Path write(Path file) throws IOException {
        return Files.write(file, bytes());
    }
}
