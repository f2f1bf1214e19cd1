package dev.portknock.runtime.backend;

import dev.portknock.core.PacketEvent;
import dev.portknock.spi.CaptureSource;
import dev.portknock.spi.CaptureStatistics;
import dev.portknock.spi.PacketSink;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UDP sockets bound on every port of a door, served by one selector on one capture thread; see
 * {@link UdpSocketCaptureProvider}.
 */
final class UdpSocketCapture implements CaptureSource {
    /** Descriptors a selector takes besides the sockets (epoll and its wakeup pipe on Linux). */
    static final int SELECTOR_DESCRIPTORS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(UdpSocketCapture.class);
    /** How many datagrams one socket may deliver per wakeup, so a flood on one port starves no other. */
    private static final int DATAGRAMS_PER_WAKEUP = 64;
    /** Knocks carry no payload worth reading; a longer datagram is silently cut to this. */
    private static final int RECEIVE_BUFFER = 64;

    private final InetAddress address;
    private final String addressText;
    private final int[] ports;
    private final Clock clock;
    private final FileDescriptorBudget budget;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong sinkFailures = new AtomicLong();
    private final List<DatagramChannel> channels = new ArrayList<>();

    private Selector selector;
    private Thread thread;
    private boolean started;
    private boolean closed;
    private volatile boolean running;

    /**
     * A capture of the given ports, not yet bound.
     *
     * @param ports distinct ports, 1..65535
     */
    UdpSocketCapture(InetAddress address, int[] ports, Clock clock, FileDescriptorBudget budget) {
        this.address = Objects.requireNonNull(address, "address");
        this.addressText = address.getHostAddress();
        this.ports = ports.clone();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    /**
     * Binds every port and starts the capture thread.
     *
     * @throws IOException when the descriptor limit is too low or a port cannot be bound; nothing
     *     stays bound then
     */
    @Override
    public synchronized void start(PacketSink sink) throws IOException {
        Objects.requireNonNull(sink, "sink");
        if (closed) {
            throw new IllegalStateException("capture is closed");
        }
        if (started) {
            throw new IllegalStateException("capture already started");
        }
        started = true;
        checkDescriptors();
        bindAll();
        running = true;
        thread = new Thread(() -> loop(sink), "portknock-udp-capture");
        // a forgotten capture must not keep the JVM alive; the server owns the process lifetime
        thread.setDaemon(true);
        thread.start();
        LOG.info("udp-socket capture listening on {} ports {}..{} ({} ports)", addressText, ports[0],
                ports[ports.length - 1], ports.length);
    }

    private void checkDescriptors() throws IOException {
        OptionalLong limit = budget.limit();
        OptionalLong open = budget.open();
        if (limit.isEmpty() || open.isEmpty()) {
            return;
        }
        long needed = (long) ports.length + SELECTOR_DESCRIPTORS;
        if (open.getAsLong() + needed > limit.getAsLong()) {
            throw new IOException("udp-socket capture needs " + needed + " file descriptors for " + ports.length
                    + " ports, but the file descriptor limit (ulimit -n) is " + limit.getAsLong() + " with "
                    + open.getAsLong() + " in use; raise it to at least " + (open.getAsLong() + needed));
        }
    }

    private void bindAll() throws IOException {
        ProtocolFamily family = address instanceof Inet6Address ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET;
        try {
            selector = Selector.open();
            for (int port : ports) {
                channels.add(bind(family, port));
            }
        } catch (IOException | RuntimeException e) {
            closeResources();
            throw e;
        }
    }

    private DatagramChannel bind(ProtocolFamily family, int port) throws IOException {
        DatagramChannel channel = DatagramChannel.open(family);
        try {
            channel.configureBlocking(false);
            channel.bind(new InetSocketAddress(address, port));
            channel.register(selector, SelectionKey.OP_READ, port);
            return channel;
        } catch (IOException e) {
            channel.close();
            throw new IOException("udp-socket capture cannot bind " + addressText + " port " + port + ": "
                    + e.getMessage(), e);
        }
    }

    private void loop(PacketSink sink) {
        ByteBuffer buffer = ByteBuffer.allocate(RECEIVE_BUFFER);
        try {
            while (running) {
                selector.select();
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext() && running) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    drain(key, buffer, sink);
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            if (running) {
                LOG.error("udp-socket capture on {} stopped: {}", addressText, e.toString(), e);
            }
        } finally {
            closeResources();
        }
    }

    private void drain(SelectionKey key, ByteBuffer buffer, PacketSink sink) {
        DatagramChannel channel = (DatagramChannel) key.channel();
        int port = (Integer) key.attachment();
        try {
            for (int i = 0; i < DATAGRAMS_PER_WAKEUP; i++) {
                buffer.clear();
                SocketAddress from = channel.receive(buffer);
                if (from == null) {
                    return;
                }
                deliver(((InetSocketAddress) from).getAddress(), port, sink);
            }
        } catch (IOException e) {
            if (running) {
                LOG.warn("udp-socket capture on {} port {}: receive failed: {}", addressText, port, e.toString());
            }
        }
    }

    private void deliver(InetAddress source, int port, PacketSink sink) {
        try {
            PacketEvent event = PacketEvent.udp(clock.instant(), source, address, port);
            delivered.incrementAndGet();
            sink.accept(event);
        } catch (RuntimeException e) {
            long failures = sinkFailures.incrementAndGet();
            LOG.warn("udp-socket capture on {} port {}: the sink failed on a packet from {} ({} failures so far)",
                    addressText, port, source.getHostAddress(), failures, e);
        }
    }

    @Override
    public CaptureStatistics statistics() {
        return new CaptureStatistics(delivered.get(), 0);
    }

    /** Stops the thread and closes every socket; from the capture thread itself, the loop does so on return. */
    @Override
    public void close() {
        Thread captureThread;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = false;
            captureThread = thread;
            if (selector != null) {
                selector.wakeup();
            }
        }
        if (captureThread == Thread.currentThread()) {
            return;
        }
        if (captureThread != null) {
            joinUninterruptibly(captureThread);
        }
        closeResources();
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void closeResources() {
        for (DatagramChannel channel : channels) {
            closeQuietly(channel);
        }
        channels.clear();
        if (selector != null) {
            closeQuietly(selector);
        }
    }

    private void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            LOG.warn("udp-socket capture on {}: closing a socket failed: {}", addressText, e.toString());
        }
    }
}
