package dev.portknock.pcap;

import dev.portknock.core.PacketEvent;
import java.util.Objects;

/**
 * What one captured frame turned out to be: a packet event, a packet read into the capture's view
 * ({@link #READ}), or a reason to skip it.
 */
sealed interface ParsedFrame permits ParsedFrame.Packet, ParsedFrame.Read, ParsedFrame.Skipped {
    /** The frame's packet, read into the view {@link FrameParser#read} was given. */
    Read READ = new Read();

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

    /** A packet read into a view: {@link #READ}, the only one needed. */
    final class Read implements ParsedFrame {
        private Read() {
        }

        @Override
        public String toString() {
            return "read";
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
