package dev.portknock.pcap;

import dev.portknock.core.CapturedPacket;
import dev.portknock.core.PortRange;
import dev.portknock.spi.CaptureSource;
import dev.portknock.spi.CaptureStatistics;
import dev.portknock.spi.PacketSink;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A libpcap capture: live on a network interface, or replaying a capture file. Obtain one from
 * {@link PcapCaptureProvider#open}.
 *
 * <p>A live capture opens the interface non-promiscuously with a BPF filter built from the doors'
 * port ranges and local address, so only candidate packets reach the JVM, and runs until
 * {@link #close()}. It reads packets in batches, not one by one: on Linux the kernel fills a ring
 * block and hands it over when full or at the latest one block timeout after it took its first
 * packet (TPACKET_V3's: {@link BlockTimeout}, 2 ms with the default buffer, 1 ms from 64 MiB, up to
 * 32 ms with a smaller one, so that every ring holds a quarter of a second of a flood), and the
 * capture thread wakes once per block
 * and reads its packets with one native call ({@link BatchReader}); so a knock's last packet
 * reaches the matcher that long after it arrived, plus the capture thread's scheduling delay,
 * idle or under flood. A capture file is replayed in full on the capture thread: every
 * record is parsed, every TCP or UDP packet in it is delivered (no port filter applies), and the
 * capture then ends by itself; {@link #awaitEnd(Duration)} waits for that. Packets carry the
 * capture timestamp of their record.
 *
 * <p>Frames that are truncated, malformed, fragmented, or not TCP/UDP over IPv4/IPv6 are counted in
 * {@link CaptureStatistics#skipped()} and dropped; the capture thread survives any frame and any
 * exception thrown by the sink.
 *
 * <p>A live capture reads libpcap's drop counters ({@code pcap_stats}) about once a second into
 * {@link CaptureStatistics#dropped()} and logs a warning when they grow (at most once per ten
 * seconds, with the drops since the previous warning), and a summary when it ends. Drops mean
 * knock packets may have been lost: raise the {@code buffer_size} option.
 */
public final class PcapCaptureSource implements CaptureSource {
    private static final System.Logger LOG = System.getLogger(PcapCaptureSource.class.getName());

    /**
     * Bytes kept of each live packet: a knock is read from its headers alone (link, IP with room
     * for some 400 bytes of IPv4 options or IPv6 extension headers, TCP/UDP); its payload never
     * matters. Kept small so that the ring and each batch hold many packets (in immediate mode,
     * which this capture no longer uses, libpcap's TPACKET_V2 ring reserved a slot of the
     * snapshot length per packet: at 65,535 bytes the default 2 MiB buffer held about 30).
     * A packet whose headers do not fit is skipped as truncated.
     */
    static final int SNAPLEN = 512;
    /** How long the live capture waits for a block before checking whether it should stop. */
    static final int POLL_TIMEOUT_MILLIS = 200;
    /** How often a live capture reads libpcap's drop counters. */
    static final long STATISTICS_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The least time between two warnings about dropped packets. */
    static final long DROP_WARNING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long MICROS_PER_SECOND = 1_000_000;
    private static final int NANOS_PER_MICRO = 1000;

    /** Opens the libpcap handle when the capture starts. */
    @FunctionalInterface
    private interface HandleOpener {
        PcapHandle open() throws IOException;
    }

    private enum State { NEW, RUNNING, CLOSED }

    private final String description;
    private final boolean offline;
    private final HandleOpener opener;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final DropMonitor drops = new DropMonitor(DROP_WARNING_INTERVAL_NANOS);
    /** The capture thread's destination addresses (nearly always the one local address). */
    private final LastAddress destinations = new LastAddress();
    /** The capture thread's view of the packet it delivers, refilled for every frame. */
    private final CapturedPacket packet = new CapturedPacket();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Object lock = new Object();
    private State state = State.NEW;
    private PcapHandle handle;
    private BatchReader reader;
    private Thread thread;
    private int linkType;
    private volatile boolean stopping;

    private PcapCaptureSource(String description, boolean offline, HandleOpener opener) {
        this.description = description;
        this.offline = offline;
        this.opener = opener;
    }

    /**
     * A live capture on the interface; nothing is opened before {@link #start}.
     *
     * @param bufferBytes the kernel capture buffer size
     */
    static PcapCaptureSource live(PcapLibrary pcap, String networkInterface, List<PortRange> ports,
                                  Optional<InetAddress> localAddress, int bufferBytes) {
        String description = "network interface '" + networkInterface + "'";
        return new PcapCaptureSource(description, false, () -> {
            int blockTimeout = BlockTimeout.forBuffer(bufferBytes);
            PcapHandle opened = PcapHandle.live(pcap, networkInterface, SNAPLEN, blockTimeout, bufferBytes);
            try {
                int type = requireSupported(opened, description);
                String filter = BpfFilter.build(ports, localAddress, type == FrameParser.DLT_EN10MB);
                opened.setFilter(filter);
                LOG.log(Level.INFO, "pcap capture on {0} (link type {1}, buffer {2} bytes, block timeout {3} ms)"
                        + " with filter: {4}", networkInterface, type, Integer.toString(bufferBytes),
                        Integer.toString(blockTimeout), filter);
                return opened;
            } catch (IOException | RuntimeException e) {
                opened.close();
                throw e;
            }
        });
    }

    /** A replay of the capture file; nothing is read before {@link #start}. */
    static PcapCaptureSource offline(PcapLibrary pcap, Path file) {
        String description = "capture file " + file;
        return new PcapCaptureSource(description, true, () -> {
            PcapHandle opened = PcapHandle.offline(pcap, file);
            try {
                requireSupported(opened, description);
                return opened;
            } catch (IOException | RuntimeException e) {
                opened.close();
                throw e;
            }
        });
    }

    private static int requireSupported(PcapHandle opened, String description) throws IOException {
        int type = opened.linkType();
        if (!FrameParser.supports(type)) {
            throw new IOException(PcapMessages.unsupportedLinkType(description, type));
        }
        return type;
    }

    /**
     * Opens the interface (or file) and starts the capture thread.
     *
     * @throws IOException when libpcap cannot open it: permission (needs root or
     *     {@code CAP_NET_RAW}), no such interface, an unreadable file, an unsupported link type,
     *     a filter that does not compile; the source is then closed
     * @throws IllegalStateException when already started or closed
     */
    @Override
    public void start(PacketSink sink) throws IOException {
        Objects.requireNonNull(sink, "sink");
        synchronized (lock) {
            if (state != State.NEW) {
                throw new IllegalStateException(state == State.RUNNING ? "capture already started" : "capture closed");
            }
            try {
                handle = opener.open();
                reader = openReader(handle);
            } catch (IOException | RuntimeException e) {
                if (handle != null) {
                    handle.close();
                    handle = null;
                }
                state = State.CLOSED;
                ended.countDown();
                throw e;
            }
            linkType = handle.linkType();
            state = State.RUNNING;
            thread = new Thread(() -> capture(sink), "pcap " + description);
            thread.setDaemon(true);
            thread.start();
        }
    }

    private BatchReader openReader(PcapHandle opened) throws IOException {
        // a live capture never reports more than its snapshot length; a file's records may
        return BatchReader.open(opened, offline ? FrameParser.MAX_FRAME_LENGTH : opened.snapshot());
    }

    private void capture(PacketSink sink) {
        PcapHandle own;
        BatchReader batches;
        synchronized (lock) {
            own = handle;
            batches = reader;
        }
        long nextStatistics = System.nanoTime() + STATISTICS_PERIOD_NANOS;
        try {
            while (!stopping) {
                if (!offline) {
                    own.awaitReadable(POLL_TIMEOUT_MILLIS);
                }
                int status = batches.read();
                deliver(batches.batch(), sink);
                if (status == PcapLibrary.ERROR_BREAK || (offline && status == 0)) {
                    break;
                } else if (status < 0) {
                    failed(own);
                    break;
                }
                if (!offline && System.nanoTime() - nextStatistics >= 0) {
                    readDrops(own);
                    nextStatistics = System.nanoTime() + STATISTICS_PERIOD_NANOS;
                }
            }
            if (offline && !stopping) {
                LOG.log(Level.INFO, "replayed {0}: {1} packets delivered, {2} frames skipped",
                        description, delivered.get(), skipped.get());
            }
        } catch (IOException e) {
            LOG.log(Level.ERROR, "pcap capture on {0} failed and stopped: {1}", description, e.getMessage());
        } finally {
            if (!offline) {
                readDrops(own);
                drops.flush(System.nanoTime()).ifPresent(this::warnDrops);
                LOG.log(Level.INFO, "pcap capture on {0} ended: {1} packets delivered, {2} frames skipped, "
                        + "{3} packets dropped before capture", description, Long.toString(delivered.get()),
                        Long.toString(skipped.get()), Long.toString(dropped.get()));
            }
            synchronized (lock) {
                batches.close();
                reader = null;
                own.close();
                handle = null;
            }
            ended.countDown();
        }
    }

    /** Reads libpcap's counters on the capture thread (the only one that may use the handle). */
    private void readDrops(PcapHandle own) {
        PcapCounters counters;
        try {
            counters = own.statistics();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "no drop counters for {0}: {1}", description, e.getMessage());
            return;
        }
        drops.update(System.nanoTime(), counters).ifPresent(this::warnDrops);
        dropped.set(drops.total());
    }

    private void warnDrops(DropMonitor.Warning warning) {
        LOG.log(Level.WARNING, PcapMessages.packetsDropped(description, warning));
    }

    private void failed(PcapHandle own) {
        String error = own.error();
        if (offline) {
            // a record that cannot be read (a file cut short): count it, the file ends here
            skipped.incrementAndGet();
            LOG.log(Level.WARNING, "{0} ends with an unreadable record: {1}", description, error);
        } else {
            LOG.log(Level.ERROR, "pcap capture on {0} failed and stopped: {1}", description, error);
        }
    }

    /**
     * Parses and delivers every frame of the batch, each as the one reused {@link CapturedPacket}:
     * a packet costs no object here. Only the capture thread writes the counters, so a release
     * store suffices (no atomic read-modify-write per packet); a packet is counted before the sink
     * sees it.
     */
    private void deliver(FrameBatch batch, PacketSink sink) {
        long skipping = 0;
        while (batch.next()) {
            ParsedFrame parsed = FrameParser.read(linkType, batch.bytes(), batch.offset(), batch.capturedLength(),
                    packet, destinations);
            if (parsed == ParsedFrame.READ) {
                // a record's microseconds may run past a second (a 32-bit field, not checked by libpcap)
                long microseconds = batch.microseconds();
                packet.time(batch.seconds() + microseconds / MICROS_PER_SECOND,
                        (int) (microseconds % MICROS_PER_SECOND) * NANOS_PER_MICRO);
                delivered.setRelease(delivered.getPlain() + 1);
                try {
                    sink.accept(packet);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "the packet sink of " + description + " threw; capture goes on", e);
                }
            } else {
                skipping++;
                LOG.log(Level.DEBUG, "skipped a frame on {0}: {1}", description, ((ParsedFrame.Skipped) parsed).reason());
            }
        }
        int unread = batch.unread();
        if (unread > 0) {
            skipping += unread;
            LOG.log(Level.DEBUG, "skipped {0} frames on {1}: no room in the batch", Integer.toString(unread), description);
        }
        skipped.setRelease(skipped.getPlain() + skipping);
    }

    /**
     * Packets delivered and frames skipped so far, and, for a live capture, the packets libpcap
     * reported dropped (full capture buffer or interface drops) as of its last reading: the
     * capture thread reads them about once a second, and when it ends; a
     * replay drops nothing.
     */
    @Override
    public CaptureStatistics statistics() {
        return new CaptureStatistics(delivered.get(), skipped.get(), dropped.get());
    }

    /**
     * Waits until the capture has ended: a capture file replayed to its end, a live capture that
     * stopped on an error, a source closed or one that failed to start.
     *
     * @return whether it ended within the timeout
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops the capture, waits for the capture thread and releases the handle. Idempotent. */
    @Override
    public void close() {
        Thread running;
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            boolean neverStarted = state == State.NEW;
            state = State.CLOSED;
            if (neverStarted) {
                ended.countDown();
                return;
            }
            stopping = true;
            if (handle != null) {
                handle.breakLoop();
            }
            running = thread;
        }
        boolean interrupted = false;
        while (running.isAlive()) {
            try {
                running.join();
            } catch (InterruptedException e) {
                // the thread ends within the poll timeout; finish waiting, then restore the flag
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "pcap capture of " + description;
    }
}
