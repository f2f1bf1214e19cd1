package dev.portknock.spi;

import dev.portknock.core.CapturedPacket;
import dev.portknock.core.PacketEvent;

/**
 * Where a capture source delivers packets. Called from the source's own capture thread; an
 * implementation must not block for long and must not throw (a capture loop survives any single
 * packet).
 *
 * <p>A source delivers each packet in one of two forms, whichever it has: a {@link PacketEvent}
 * ({@link #accept(PacketEvent)}), an immutable value a sink may keep; or a {@link CapturedPacket}
 * ({@link #accept(CapturedPacket)}), a view the source fills from the frame's bytes and refills for
 * the next packet, which spares the objects an event costs per packet (its source
 * {@code InetAddress}, its {@code Instant}) where the sink has no need of them: the knock server
 * hands the view to the matcher, which makes them only for the packets that start or continue an
 * attempt. A source that parses frames itself (pcap, nflog) should deliver views; one that gets
 * address objects anyway (a socket) delivers events. A sink that implements only
 * {@link #accept(PacketEvent)} receives every view as {@link CapturedPacket#toEvent()}.
 */
@FunctionalInterface
public interface PacketSink {
    /** One captured packet, as a value the sink may keep. */
    void accept(PacketEvent event);

    /**
     * One captured packet, as a view that is valid only during this call: the source refills it
     * for the next packet, so a sink that keeps the packet keeps {@link CapturedPacket#toEvent()}.
     * By default, exactly that is passed to {@link #accept(PacketEvent)}.
     */
    default void accept(CapturedPacket packet) {
        accept(packet.toEvent());
    }
}
