package dev.portknock.pcap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A batch of captured frames as libpcap's {@code pcap_dump} wrote them: records of a savefile
 * without its file header, each a 16-byte header (seconds and microseconds of the capture time,
 * the captured and the original length, four 32-bit fields in the writing host's byte order)
 * followed by the captured bytes. Reused for every batch; not thread-safe.
 *
 * <p>The records come from libpcap, but the walk trusts nothing: a record whose header or bytes
 * run past the end of what was written is not read, and the frames libpcap handed over without
 * a whole record in the batch are counted by {@link #unread()}.
 */
final class FrameBatch {
    /** Bytes of a record header ({@code struct pcap_sf_pkthdr}). */
    static final int RECORD_HEADER = 16;
    /** {@link #fill} frame count when libpcap failed part way and did not say how many it wrote. */
    static final int UNKNOWN = -1;

    private final VarHandle field;
    private final byte[] bytes;
    private int end;
    private int expected;
    private int walked;
    private int position;
    private long seconds;
    private long microseconds;
    private int offset;
    private int capturedLength;

    /**
     * @param capacity the most bytes one batch holds
     * @param order the byte order of the record headers (the host's for records libpcap writes)
     */
    FrameBatch(int capacity, ByteOrder order) {
        if (capacity < RECORD_HEADER) {
            throw new IllegalArgumentException("batch capacity must be at least " + RECORD_HEADER + " bytes: " + capacity);
        }
        this.bytes = new byte[capacity];
        this.field = MethodHandles.byteArrayViewVarHandle(int[].class, Objects.requireNonNull(order, "order"));
    }

    /** Where a batch is written before {@link #fill}. */
    byte[] bytes() {
        return bytes;
    }

    /**
     * Starts walking a new batch.
     *
     * @param length how many bytes of {@link #bytes()} the batch occupies
     * @param frames how many frames libpcap wrote into it, or {@link #UNKNOWN}: then every whole
     *     record is read and none counts as {@link #unread()}
     */
    void fill(int length, int frames) {
        if (length < 0 || length > bytes.length) {
            throw new IllegalArgumentException("batch length must lie in 0.." + bytes.length + ": " + length);
        }
        if (frames < UNKNOWN) {
            throw new IllegalArgumentException("frame count must not be negative: " + frames);
        }
        end = length;
        expected = frames;
        walked = 0;
        position = 0;
    }

    /**
     * Moves to the next whole record.
     *
     * @return false when no whole record is left (the rest of the batch, if any, is not read)
     */
    boolean next() {
        if (walked == expected || end - position < RECORD_HEADER) {
            return false;
        }
        long length = Integer.toUnsignedLong(u32(position + 8));
        int data = position + RECORD_HEADER;
        if (length > end - data) {
            return false;
        }
        seconds = Integer.toUnsignedLong(u32(position));
        microseconds = Integer.toUnsignedLong(u32(position + 4));
        offset = data;
        capturedLength = (int) length;
        position = data + capturedLength;
        walked++;
        return true;
    }

    /**
     * Frames of the batch that {@link #next()} has not reached: once it returned false, those
     * libpcap counted but that have no whole record in the batch.
     */
    int unread() {
        return expected == UNKNOWN ? 0 : expected - walked;
    }

    /** Capture time of the current record: seconds (unsigned 32 bits: until 2106). */
    long seconds() {
        return seconds;
    }

    /** Capture time of the current record: microseconds within the second, as written. */
    long microseconds() {
        return microseconds;
    }

    /** Where the current record's bytes start in {@link #bytes()}. */
    int offset() {
        return offset;
    }

    /** How many bytes of the current frame were captured. */
    int capturedLength() {
        return capturedLength;
    }

    private int u32(int at) {
        return (int) field.get(bytes, at);
    }
}
