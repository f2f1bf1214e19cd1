package dev.portknock.nflog;

import com.sun.jna.Memory;
import dev.portknock.core.PacketEvent;
import dev.portknock.spi.CaptureSource;
import dev.portknock.spi.CaptureStatistics;
import dev.portknock.spi.PacketSink;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A capture of the firewall's own log; obtain one from {@link NflogCaptureProvider#open}.
 *
 * <p>{@link #start} binds a netlink socket to the NFLOG group, then installs the nftables table
 * {@code inet portknock_nflog_<group>} whose rule logs the doors' packets to the group and drops
 * them (replacing a table of that name left by an earlier run that was killed), then reads the
 * group on a thread of its own: batches of packets, one datagram per read, in the order the kernel
 * logged them, each with the kernel's arrival timestamp (the spec's clock stamps the rare packet
 * without one). {@link #close} stops the thread, deletes the table and closes the socket.
 *
 * <p>Messages that are truncated, malformed, fragmented or not TCP/UDP over IPv4/IPv6 are counted
 * in {@link CaptureStatistics#skipped()}; the capture thread survives any message and any
 * exception thrown by the sink. Packets the kernel numbered but the socket never received (the
 * socket's buffer overran, {@code ENOBUFS}) are counted in {@link CaptureStatistics#dropped()}
 * from the gaps in the group's sequence numbers, and logged as a warning at most once per ten
 * seconds: raise the {@code buffer_size} option.
 */
public final class NflogCaptureSource implements CaptureSource {
    private static final System.Logger LOG = System.getLogger(NflogCaptureSource.class.getName());
    /** Room for the kernel's largest batch (it caps batches at 128 KiB) with margin. */
    static final int RECEIVE_BUFFER_BYTES = 256 * 1024;
    /** The least time between two warnings about dropped packets. */
    static final long DROP_WARNING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private enum State { NEW, RUNNING, CLOSED }

    private final NftRules rules;
    private final int bufferSize;
    private final Clock clock;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong overruns = new AtomicLong();
    private final Object lock = new Object();
    private State state = State.NEW;
    private NetlinkSocket socket;
    private Thread thread;
    private volatile boolean stopping;

    NflogCaptureSource(NftRules rules, int bufferSize, Clock clock) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.bufferSize = bufferSize;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Binds the group, installs the table and starts the capture thread.
     *
     * @throws IOException when the group cannot be bound (needs root or {@code CAP_NET_ADMIN}; the
     *     kernel lacks nfnetlink_log; another process holds the group) or nft cannot install the
     *     table; the source is then closed, its socket closed and its table not installed (nft
     *     applies the whole script or nothing)
     * @throws IllegalStateException when already started or closed
     */
    @Override
    public void start(PacketSink sink) throws IOException {
        Objects.requireNonNull(sink, "sink");
        synchronized (lock) {
            if (state != State.NEW) {
                throw new IllegalStateException(state == State.RUNNING ? "capture already started" : "capture closed");
            }
            state = State.CLOSED;
            Memory buffer = new Memory(RECEIVE_BUFFER_BYTES);
            NetlinkSocket opened = NetlinkSocket.open(bufferSize);
            try {
                // bound first: the group is this process's from here on, so the table is too
                opened.bindGroup(rules.group(), buffer);
                boolean stale = Nft.succeeds(rules.list());
                Nft.run(rules.install(), "installing", rules.qualifiedTable());
                if (stale) {
                    LOG.log(Level.WARNING, "nflog capture replaced table {0}, left by an earlier run that did not"
                            + " stop cleanly", rules.qualifiedTable());
                }
            } catch (IOException | RuntimeException e) {
                opened.close();
                throw e;
            }
            LOG.log(Level.INFO, "nflog capture on group {0}, table {1}:\n{2}", Integer.toString(rules.group()),
                    rules.qualifiedTable(), rules.definition());
            socket = opened;
            state = State.RUNNING;
            thread = new Thread(() -> capture(opened, buffer, sink), "nflog group " + rules.group());
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void capture(NetlinkSocket own, Memory buffer, PacketSink sink) {
        Reader reader = new Reader(sink);
        try {
            while (!stopping) {
                int length = own.receive(buffer);
                if (length == NetlinkSocket.TIMEOUT) {
                    reader.warnDrops(false);
                    continue;
                }
                if (length == NetlinkSocket.OVERRUN) {
                    // the lost packets show as a gap in the sequence numbers of the next batch
                    overruns.incrementAndGet();
                    continue;
                }
                if (length > buffer.size()) {
                    reader.skipped(SkipReason.OVERSIZED);
                }
                NflogParser.parse(buffer.getByteBuffer(0, Math.min(length, buffer.size())), clock::instant, reader);
                reader.warnDrops(false);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "nflog capture on group " + rules.group() + " failed and stopped", e);
        } finally {
            reader.warnDrops(true);
            LOG.log(Level.INFO, "nflog capture on group {0} ended: {1} packets delivered, {2} skipped, {3} dropped"
                    + " ({4} socket overruns)", Integer.toString(rules.group()), Long.toString(delivered.get()),
                    Long.toString(skipped.get()), Long.toString(dropped.get()), Long.toString(overruns.get()));
        }
    }

    /** Hands what a datagram held to the sink and the counters; owned by the capture thread. */
    private final class Reader implements NflogParser.Handler {
        private final PacketSink sink;
        private final SequenceGaps gaps = new SequenceGaps();
        private long unreported;
        private boolean warnedBefore;
        private long lastWarningNanos;

        Reader(PacketSink sink) {
            this.sink = sink;
        }

        @Override
        public void packet(PacketEvent event) {
            delivered.incrementAndGet();
            try {
                sink.accept(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "the packet sink of nflog group " + rules.group() + " threw; capture goes on", e);
            }
        }

        @Override
        public void skipped(SkipReason reason) {
            skipped.incrementAndGet();
            LOG.log(Level.DEBUG, "skipped a message on nflog group {0}: {1}", Integer.toString(rules.group()), reason);
        }

        @Override
        public void sequence(long sequence) {
            long lost = gaps.next(sequence);
            if (lost > 0) {
                unreported += lost;
                dropped.set(gaps.lost());
            }
        }

        @Override
        public void answer(int sequence, int errno) {
            // no request is outstanding once bound: a late answer means nothing
        }

        /** Warns of unreported drops: at the first, then at most once per interval, or now when {@code flush}. */
        void warnDrops(boolean flush) {
            if (unreported == 0) {
                return;
            }
            long now = System.nanoTime();
            if (!flush && warnedBefore && now - lastWarningNanos < DROP_WARNING_INTERVAL_NANOS) {
                return;
            }
            LOG.log(Level.WARNING, NflogMessages.packetsDropped(rules.group(), unreported, gaps.lost()));
            unreported = 0;
            warnedBefore = true;
            lastWarningNanos = now;
        }
    }

    /**
     * Packets delivered and messages skipped so far, and the packets the kernel logged that never
     * reached the socket, as counted from sequence gaps up to the latest batch received.
     */
    @Override
    public CaptureStatistics statistics() {
        return new CaptureStatistics(delivered.get(), skipped.get(), dropped.get());
    }

    /**
     * Stops the capture thread, deletes the table (the doors' ports are then closed ports like
     * any other) and closes the socket, which unbinds the group. Idempotent; a table that cannot
     * be deleted is logged, and replaced by the next start.
     */
    @Override
    public void close() {
        Thread running;
        NetlinkSocket own;
        synchronized (lock) {
            if (state != State.RUNNING) {
                state = State.CLOSED;
                return;
            }
            state = State.CLOSED;
            stopping = true;
            running = thread;
            own = socket;
        }
        boolean interrupted = false;
        while (running.isAlive()) {
            try {
                running.join();
            } catch (InterruptedException e) {
                // the thread ends within the receive timeout; finish waiting, then restore the flag
                interrupted = true;
            }
        }
        try {
            Nft.run(rules.remove(), "removing", rules.qualifiedTable());
        } catch (IOException e) {
            LOG.log(Level.ERROR, e.getMessage());
        }
        own.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "nflog capture of group " + rules.group();
    }
}
