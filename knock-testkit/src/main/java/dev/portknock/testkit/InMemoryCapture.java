package dev.portknock.testkit;

import dev.portknock.core.CapturedPacket;
import dev.portknock.core.PacketEvent;
import dev.portknock.spi.CaptureSource;
import dev.portknock.spi.CaptureSpec;
import dev.portknock.spi.CaptureStatistics;
import dev.portknock.spi.PacketSink;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A capture source whose packets a test injects. There is no capture thread: {@link
 * #inject(PacketEvent)} hands the packet to the sink on the injecting thread and returns once the
 * sink has taken it, which keeps tests deterministic. Packets injected from several threads reach
 * the sink one at a time, as from a real capture thread, and {@link #close()} waits for a delivery
 * in progress. Every injected packet is delivered; the capture does not filter by port.
 *
 * <p>Thread-safe. Started once and closed once, like every {@link CaptureSource}.
 */
public final class InMemoryCapture implements CaptureSource {
    /** Held while a packet is handed to the sink, so deliveries never overlap. */
    private final ReentrantLock delivery = new ReentrantLock();
    private final CaptureSpec spec;
    private volatile PacketSink sink;
    private volatile boolean closed;
    private volatile long delivered;

    /** A capture not made for any particular spec, e.g. to hand to a server builder directly. */
    public InMemoryCapture() {
        this.spec = null;
    }

    /** A capture opened for the spec, as {@link InMemoryCaptureProvider} makes it. */
    public InMemoryCapture(CaptureSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    /** The spec the capture was opened for, if it was opened for one. */
    public Optional<CaptureSpec> spec() {
        return Optional.ofNullable(spec);
    }

    /**
     * Starts delivering injected packets to the sink; the capture is ready at once.
     *
     * @throws IllegalStateException when already started or closed
     */
    @Override
    public void start(PacketSink sink) {
        Objects.requireNonNull(sink, "sink");
        delivery.lock();
        try {
            checkOpen();
            if (this.sink != null) {
                throw new IllegalStateException("the capture is already started");
            }
            this.sink = sink;
        } finally {
            delivery.unlock();
        }
    }

    /**
     * Hands the packet to the sink on this thread, as if it had just been captured, and counts it.
     * An exception from the sink reaches the caller (so a test sees it); the capture stays started.
     *
     * @throws IllegalStateException when the capture is not started yet or already closed
     */
    public void inject(PacketEvent event) {
        Objects.requireNonNull(event, "event");
        deliver(started -> started.accept(event));
    }

    /**
     * Hands the packet to the sink as a view, {@link PacketSink#accept(CapturedPacket)}, the way a
     * capture that parses frames delivers it (the view is the caller's and may be refilled once
     * this returns); otherwise as {@link #inject(PacketEvent)}.
     *
     * @throws IllegalStateException when the capture is not started yet or already closed
     */
    public void inject(CapturedPacket packet) {
        Objects.requireNonNull(packet, "packet");
        deliver(started -> started.accept(packet));
    }

    private void deliver(Consumer<PacketSink> handOver) {
        delivery.lock();
        try {
            checkOpen();
            if (sink == null) {
                throw new IllegalStateException("the capture is not started");
            }
            delivered++;
            handOver.accept(sink);
        } finally {
            delivery.unlock();
        }
    }

    /** Whether the capture has been started and not yet closed. */
    public boolean isRunning() {
        return sink != null && !closed;
    }

    /** Packets handed to the sink so far; nothing is ever skipped. */
    @Override
    public CaptureStatistics statistics() {
        return new CaptureStatistics(delivered, 0);
    }

    /** Stops delivery, waiting for a packet being handed to the sink. Idempotent. */
    @Override
    public void close() {
        delivery.lock();
        try {
            closed = true;
        } finally {
            delivery.unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the capture is closed");
        }
    }
}
