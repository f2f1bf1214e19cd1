package dev.portknock.pcap;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One libpcap handle ({@code pcap_t}). Not thread-safe, except that {@link #breakLoop()} may be
 * called from another thread while {@link #next(byte[])} waits; {@link #close()} must not overlap
 * either.
 */
final class PcapHandle implements AutoCloseable {
    /** {@code pcap_next_ex}: a packet was read. */
    static final int PACKET = 1;
    /** {@code pcap_next_ex}: the live capture's timeout passed with no packet. */
    static final int TIMEOUT = 0;

    /** libpcap before 1.8 compiled filters with a global parser; serialise compilation. */
    private static final Object COMPILE_LOCK = new Object();

    private final PcapLibrary pcap;
    private final Pointer handle;
    /** Two pointer-sized slots that {@code pcap_next_ex} fills: the header's and the bytes' address. */
    private final Memory slots = new Memory(2L * Native.POINTER_SIZE);
    private final Pointer headerSlot = slots.share(0, Native.POINTER_SIZE);
    private final Pointer dataSlot = slots.share(Native.POINTER_SIZE, Native.POINTER_SIZE);
    /** A {@code struct pcap_stat}: three {@code u_int} counters (Windows adds a fourth; not read). */
    private final Memory stats = new Memory(4L * Integer.BYTES);
    private long seconds;
    private long microseconds;
    private long capturedLength;
    private boolean closed;

    private PcapHandle(PcapLibrary pcap, Pointer handle) {
        this.pcap = pcap;
        this.handle = handle;
    }

    /**
     * An activated, non-promiscuous live capture in immediate mode.
     *
     * @param timeoutMillis how long {@link #next(byte[])} waits before returning {@link #TIMEOUT}
     * @param bufferBytes the kernel capture buffer (ring) size; packets arriving while it is full
     *     are dropped and counted in {@link #statistics()}
     */
    static PcapHandle live(PcapLibrary pcap, String networkInterface, int snaplen, int timeoutMillis,
                           int bufferBytes) throws IOException {
        byte[] errbuf = new byte[PcapLibrary.ERRBUF_SIZE];
        Pointer created = pcap.pcap_create(networkInterface, errbuf);
        if (created == null) {
            throw new IOException(PcapMessages.createFailed(networkInterface, Native.toString(errbuf)));
        }
        PcapHandle live = new PcapHandle(pcap, created);
        try {
            live.check(pcap.pcap_set_snaplen(created, snaplen), networkInterface);
            live.check(pcap.pcap_set_promisc(created, 0), networkInterface);
            live.check(pcap.pcap_set_timeout(created, timeoutMillis), networkInterface);
            live.check(pcap.pcap_set_immediate_mode(created, 1), networkInterface);
            live.check(pcap.pcap_set_buffer_size(created, bufferBytes), networkInterface);
            live.check(pcap.pcap_activate(created), networkInterface);
            return live;
        } catch (IOException | RuntimeException e) {
            live.close();
            throw e;
        }
    }

    /** A handle that reads a capture file from its first record. */
    static PcapHandle offline(PcapLibrary pcap, Path file) throws IOException {
        byte[] errbuf = new byte[PcapLibrary.ERRBUF_SIZE];
        Pointer opened = pcap.pcap_open_offline(file.toString(), errbuf);
        if (opened == null) {
            throw new IOException(PcapMessages.unreadableFile(file, Native.toString(errbuf)));
        }
        return new PcapHandle(pcap, opened);
    }

    /** A handle that captures nothing, for compiling filters against a link type. */
    static PcapHandle dead(PcapLibrary pcap, int linkType, int snaplen) throws IOException {
        Pointer opened = pcap.pcap_open_dead(linkType, snaplen);
        if (opened == null) {
            throw new IOException("libpcap cannot open a handle for link type " + linkType);
        }
        return new PcapHandle(pcap, opened);
    }

    private void check(int status, String networkInterface) throws IOException {
        if (status < 0) {
            throw new IOException(PcapMessages.activationFailed(networkInterface, status,
                    Objects.toString(pcap.pcap_statustostr(status), "status " + status), error()));
        }
    }

    /** The link-layer type of the frames ({@code pcap_datalink}). */
    int linkType() {
        return pcap.pcap_datalink(handle);
    }

    /**
     * Compiles the filter and sets it on the handle.
     *
     * @throws IOException with libpcap's error and the filter text
     */
    void setFilter(String filter) throws IOException {
        Memory program = compile(filter);
        try {
            if (pcap.pcap_setfilter(handle, program) != 0) {
                throw new IOException(PcapMessages.filterNotSet(filter, error()));
            }
        } finally {
            pcap.pcap_freecode(program);
        }
    }

    /**
     * Compiles the filter for this handle's link type and discards the program; works on a
     * {@link #dead} handle, so a filter can be checked without capturing.
     *
     * @throws IOException with libpcap's error and the filter text
     */
    void checkFilter(String filter) throws IOException {
        pcap.pcap_freecode(compile(filter));
    }

    /** A compiled {@code struct bpf_program}; the caller frees it with {@code pcap_freecode}. */
    private Memory compile(String filter) throws IOException {
        Memory program = new Memory(2L * Native.POINTER_SIZE);
        program.clear();
        synchronized (COMPILE_LOCK) {
            if (pcap.pcap_compile(handle, program, filter, 1, PcapLibrary.NETMASK_UNKNOWN) != 0) {
                throw new IOException(PcapMessages.filterDoesNotCompile(filter, error()));
            }
        }
        return program;
    }

    /**
     * Reads the next packet ({@code pcap_next_ex}). On {@link #PACKET} the header fields are
     * updated and, when {@link #capturedLength()} fits, the bytes are copied into {@code buffer}.
     *
     * @return {@link #PACKET}, {@link #TIMEOUT}, {@link PcapLibrary#ERROR_BREAK} at the end of a
     *     file or after {@link #breakLoop()}, or another negative libpcap error
     */
    int next(byte[] buffer) {
        int status = PcapDirect.pcap_next_ex(handle, headerSlot, dataSlot);
        if (status == PACKET) {
            Pointer h = slots.getPointer(0);
            seconds = nativeLong(h, 0);
            microseconds = nativeLong(h, NativeLong.SIZE);
            capturedLength = Integer.toUnsignedLong(h.getInt(2L * NativeLong.SIZE));
            if (capturedLength <= buffer.length) {
                slots.getPointer(Native.POINTER_SIZE).read(0, buffer, 0, (int) capturedLength);
            }
        }
        return status;
    }

    /** A C {@code long} (a {@code struct timeval} field), without allocating a {@link NativeLong}. */
    private static long nativeLong(Pointer p, long offset) {
        return NativeLong.SIZE == Long.BYTES ? p.getLong(offset) : p.getInt(offset);
    }

    /**
     * libpcap's counters of a live capture ({@code pcap_stats}); they are cumulative since
     * activation and wrap at 2^32.
     *
     * @throws IOException when libpcap cannot tell (e.g. a capture file)
     */
    PcapCounters statistics() throws IOException {
        if (PcapDirect.pcap_stats(handle, stats) != 0) {
            throw new IOException("libpcap cannot report capture statistics: " + error());
        }
        return new PcapCounters(Integer.toUnsignedLong(stats.getInt(0)), Integer.toUnsignedLong(stats.getInt(4)),
                Integer.toUnsignedLong(stats.getInt(8)));
    }

    /** Seconds of the last packet's timestamp. */
    long seconds() {
        return seconds;
    }

    /** Microseconds of the last packet's timestamp. */
    long microseconds() {
        return microseconds;
    }

    /** Bytes captured of the last packet; copied only when it fits the buffer. */
    long capturedLength() {
        return capturedLength;
    }

    /** libpcap's text for the last error on this handle. */
    String error() {
        return Objects.toString(pcap.pcap_geterr(handle), "");
    }

    /** Makes a waiting or the next {@link #next(byte[])} return {@link PcapLibrary#ERROR_BREAK}. */
    void breakLoop() {
        pcap.pcap_breakloop(handle);
    }

    /** Releases the handle. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            pcap.pcap_close(handle);
        }
    }
}
