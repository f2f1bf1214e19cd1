package dev.portknock.spi;

import java.io.IOException;

/**
 * A running packet capture: a UDP socket set, a libpcap handle, a recorded file, or packets a test
 * injects. A source is started once and closed once.
 */
public interface CaptureSource extends AutoCloseable {
    /**
     * Starts delivering packets to the sink on the source's own thread and returns once the
     * capture is ready (sockets bound, handle activated).
     *
     * @throws IOException when the capture cannot start; the message says why (permission,
     *     missing interface, address in use, missing native library)
     * @throws IllegalStateException when already started or closed
     */
    void start(PacketSink sink) throws IOException;

    /** Packets delivered and frames skipped so far. */
    CaptureStatistics statistics();

    /** Stops the capture and releases its resources; waits for the capture thread. Idempotent. */
    @Override
    void close();
}
