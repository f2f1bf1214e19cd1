package dev.portknock.pcap;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteOrder;

/**
 * Reads a libpcap handle a batch at a time with one native call: {@code pcap_dispatch} with
 * libpcap's own {@code pcap_dump} as the per-packet handler, writing savefile records into a
 * memory stream ({@code fmemopen}) over a native buffer; one copy then brings the whole batch
 * into a {@link FrameBatch}. No callback into Java, no JNA call and no allocation per packet.
 *
 * <p>A batch holds at most as many frames as fit the buffer at the largest captured length the
 * handle can report, so {@code pcap_dump} never runs out of room; should it ever, the frames it
 * could not write are counted by {@link FrameBatch#unread()}. Not thread-safe; the capture thread
 * owns it.
 */
final class BatchReader implements AutoCloseable {
    /** Bytes of one batch: about 2,000 frames of a 512-byte snapshot length. */
    static final int CAPACITY = 1 << 20;

    private final PcapHandle handle;
    private final Memory buffer;
    private final Pointer file;
    private final Pointer dumper;
    private final int framesPerBatch;
    private final FrameBatch batch;
    private boolean closed;

    private BatchReader(PcapHandle handle, Memory buffer, Pointer file, Pointer dumper, int framesPerBatch) {
        this.handle = handle;
        this.buffer = buffer;
        this.file = file;
        this.dumper = dumper;
        this.framesPerBatch = framesPerBatch;
        this.batch = new FrameBatch(CAPACITY, ByteOrder.nativeOrder());
    }

    /**
     * A reader of the handle's frames.
     *
     * @param maxCapturedLength the most bytes the handle reports of one frame
     * @throws IOException when libpcap or the C library cannot set up the stream
     */
    static BatchReader open(PcapHandle handle, int maxCapturedLength) throws IOException {
        if (maxCapturedLength < 1 || maxCapturedLength > CAPACITY - FrameBatch.RECORD_HEADER) {
            throw new IllegalArgumentException("captured length must lie in 1.."
                    + (CAPACITY - FrameBatch.RECORD_HEADER) + ": " + maxCapturedLength);
        }
        Memory buffer = new Memory(CAPACITY);
        Pointer file = Libc.fmemopen(buffer, new NativeLong(CAPACITY), "w");
        if (file == null) {
            buffer.close();
            throw new IOException("cannot open a memory stream for capture batches");
        }
        Pointer dumper;
        try {
            dumper = handle.openDumper(file);
        } catch (IOException | RuntimeException e) {
            Libc.fclose(file);
            buffer.close();
            throw e;
        }
        // the stream starts with the savefile header pcap_dump_fopen wrote; batches start at 0
        Libc.rewind(file);
        return new BatchReader(handle, buffer, file, dumper,
                CAPACITY / (FrameBatch.RECORD_HEADER + maxCapturedLength));
    }

    /**
     * Reads the frames available now (up to one batch) into {@link #batch()}, which is ready to
     * walk afterwards, also when libpcap reports an error after writing some frames.
     *
     * @return {@code pcap_dispatch}'s status: frames read (0: none available now, or the end of
     *     a capture file), {@link PcapLibrary#ERROR_BREAK} after {@link PcapHandle#breakLoop()},
     *     or another negative libpcap error
     */
    int read() {
        int status = handle.dispatch(framesPerBatch, dumper);
        int length = 0;
        if (PcapDirect.pcap_dump_flush(dumper) == 0) {
            length = (int) Math.min(Math.max(PcapDirect.pcap_dump_ftell(dumper).longValue(), 0), CAPACITY);
        }
        if (length > 0) {
            buffer.read(0, batch.bytes(), 0, length);
        }
        Libc.rewind(file);
        batch.fill(length, status >= 0 ? status : FrameBatch.UNKNOWN);
        return status;
    }

    /** The frames of the last {@link #read()}. */
    FrameBatch batch() {
        return batch;
    }

    /** The most frames one batch holds. */
    int framesPerBatch() {
        return framesPerBatch;
    }

    /** Closes the stream and frees the buffer (the handle stays open). Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            handle.closeDumper(dumper);
            buffer.close();
        }
    }
}
