package dev.portknock.spi;

import dev.portknock.core.PacketEvent;

/**
 * Where a capture source delivers packets. Called from the source's own capture thread; an
 * implementation must not block for long and must not throw (a capture loop survives any single
 * packet).
 */
@FunctionalInterface
public interface PacketSink {
    /** One captured packet. */
    void accept(PacketEvent event);
}
