package dev.portknock.pcap;

import dev.portknock.core.PacketEvent;
import java.util.Objects;

/** What one captured frame turned out to be: a packet event, or a reason to skip it. */
sealed interface ParsedFrame permits ParsedFrame.Packet, ParsedFrame.Skipped {

    /**
     * A TCP segment or UDP datagram.
     *
     * @param event the packet as the matcher sees it
     */
    record Packet(PacketEvent event) implements ParsedFrame {
        public Packet {
            Objects.requireNonNull(event, "event");
        }
    }

    /**
     * A frame that carries no usable knock packet.
     *
     * @param reason why
     */
    record Skipped(SkipReason reason) implements ParsedFrame {
        public Skipped {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
