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
 * called from another thread while {@link #dispatch} runs; {@link #close()}
 * must not overlap either.
 */
final class PcapHandle implements AutoCloseable {
    /** libpcap before 1.8 compiled filters with a global parser; serialise compilation. */
    private static final Object COMPILE_LOCK = new Object();

    private final PcapLibrary pcap;
    private final Pointer handle;
    /** A {@code struct pcap_stat}: three {@code u_int} counters (Windows adds a fourth; not read). */
    private final Memory stats = new Memory(4L * Integer.BYTES);
    /** One {@code struct pollfd} ({@code int fd; short events; short revents}) for {@link #awaitReadable}. */
    private final Memory pollDescriptor = new Memory(Integer.BYTES + 2L * Short.BYTES);
    private static final NativeLong ONE = new NativeLong(1);
    private boolean closed;

    private PcapHandle(PcapLibrary pcap, Pointer handle) {
        this.pcap = pcap;
        this.handle = handle;
    }

    /**
     * An activated, non-promiscuous, non-blocking live capture that hands packets over in blocks
     * (not in immediate mode: on Linux libpcap then uses a TPACKET_V3 ring of blocks that the
     * kernel passes to user space when full or after the timeout); wait for them with
     * {@link #awaitReadable}, read them with {@link #dispatch}.
     *
     * @param timeoutMillis how long the kernel keeps a block that holds packets before handing it
     *     over: the latency batching adds
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
            live.check(pcap.pcap_set_immediate_mode(created, 0), networkInterface);
            live.check(pcap.pcap_set_buffer_size(created, bufferBytes), networkInterface);
            live.check(pcap.pcap_activate(created), networkInterface);
            if (pcap.pcap_setnonblock(created, 1, errbuf) < 0) {
                throw new IOException(PcapMessages.activationFailed(networkInterface, -1, "non-blocking mode refused",
                        Native.toString(errbuf)));
            }
            int descriptor = pcap.pcap_get_selectable_fd(created);
            if (descriptor < 0) {
                throw new IOException(PcapMessages.activationFailed(networkInterface, -1,
                        "no descriptor to wait on", live.error()));
            }
            live.pollDescriptor.setInt(0, descriptor);
            live.pollDescriptor.setShort(Integer.BYTES, Libc.POLLIN);
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

    /** The most bytes the handle captures of one packet ({@code pcap_snapshot}). */
    int snapshot() {
        return pcap.pcap_snapshot(handle);
    }

    /**
     * Waits until the live capture has packets to read, at most {@code timeoutMillis} ({@code poll}
     * on its descriptor); returns early, having waited less, when interrupted by a signal.
     *
     * @throws IOException when the descriptor cannot be waited on
     */
    void awaitReadable(int timeoutMillis) throws IOException {
        pollDescriptor.setShort(Integer.BYTES + Short.BYTES, (short) 0);
        if (Libc.poll(pollDescriptor, ONE, timeoutMillis) < 0 && Native.getLastError() != Libc.EINTR) {
            throw new IOException("cannot wait for packets: errno " + Native.getLastError());
        }
    }

    /**
     * Hands up to {@code count} available packets to libpcap's savefile writer
     * ({@code pcap_dispatch} with {@code pcap_dump}); does not wait on a live capture.
     *
     * @param dumper from {@link #openDumper}
     * @return packets written; 0 when none is available or a capture file has ended;
     *     {@link PcapLibrary#ERROR_BREAK} after {@link #breakLoop()}; another negative libpcap error
     */
    int dispatch(int count, Pointer dumper) {
        return PcapDirect.pcap_dispatch(handle, count, PcapDirect.dumpHandler(), dumper);
    }

    /**
     * A savefile writer ({@code pcap_dump_t}) of this handle's link type on the open stream; it
     * writes the file header at once. {@link #closeDumper} closes it with the stream.
     *
     * @throws IOException with libpcap's error
     */
    Pointer openDumper(Pointer file) throws IOException {
        Pointer dumper = pcap.pcap_dump_fopen(handle, file);
        if (dumper == null) {
            throw new IOException("libpcap cannot write this capture's frames into a batch: " + error());
        }
        return dumper;
    }

    /** Closes a writer from {@link #openDumper} and its stream. */
    void closeDumper(Pointer dumper) {
        pcap.pcap_dump_close(dumper);
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

    /** libpcap's text for the last error on this handle. */
    String error() {
        return Objects.toString(pcap.pcap_geterr(handle), "");
    }

    /** Makes a running or the next {@link #dispatch} return {@link PcapLibrary#ERROR_BREAK}. */
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
