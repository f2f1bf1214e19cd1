package dev.portknock.core;

import java.time.Duration;
import java.util.Objects;

/**
 * A knockd-style door with a static sequence.
 *
 * @param name unique door name
 * @param sequence the ports to knock, in order
 * @param sequenceTimeout how long the knock may take from its first packet
 * @param tcpFlags which TCP segments count as knocks (knockd's {@code tcpflags})
 */
public record FixedDoor(String name, FixedSequence sequence, Duration sequenceTimeout, TcpFlagFilter tcpFlags)
        implements Door {
    /** Validates the door. */
    public FixedDoor {
        DoorNames.check(name);
        Objects.requireNonNull(sequence, "sequence");
        Objects.requireNonNull(sequenceTimeout, "sequenceTimeout");
        Objects.requireNonNull(tcpFlags, "tcpFlags");
        if (sequenceTimeout.isNegative() || sequenceTimeout.isZero()) {
            throw new IllegalArgumentException("sequence timeout must be positive: " + sequenceTimeout);
        }
    }

    @Override
    public int knockLength() {
        return sequence.length();
    }

    @Override
    public java.util.List<PortRange> portRanges() {
        return sequence.ports().stream().distinct()
                .map(p -> new PortRange(p.port(), p.port(), p.transport(), tcpFlags)).toList();
    }

    /**
     * Whether a packet goes to one of the sequence's ports with the right transport and flags:
     * such a packet belongs to this door (and may break an attempt); any other is ignored.
     */
    public boolean involves(PacketEvent event) {
        for (KnockPort port : sequence.ports()) {
            if (port.port() == event.destinationPort() && port.transport() == event.transport()) {
                return event.transport() == Transport.UDP || tcpFlags.accepts(event.tcpFlags());
            }
        }
        return false;
    }
}
