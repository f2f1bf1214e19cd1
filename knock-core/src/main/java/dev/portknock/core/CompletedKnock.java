package dev.portknock.core;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A knock the {@link SequenceMatcher} saw complete. For a one-time door it carries the door's
 * {@code knockLength()} digits, still to be verified; for a fixed door the sequence itself is the
 * whole secret, so it carries no digits.
 *
 * @param door the door knocked on
 * @param source the source address of the knock's packets
 * @param destination the destination address of the knock's first packet
 * @param digits for a one-time door the received digits in order, each {@code port - base};
 *     empty for a fixed door (copied in and out)
 * @param firstPacket capture time of the first packet
 * @param lastPacket capture time of the last packet
 */
public record CompletedKnock(Door door, InetAddress source, InetAddress destination, int[] digits,
                             Instant firstPacket, Instant lastPacket) {
    /** Validates and copies the digits. */
    public CompletedKnock {
        Objects.requireNonNull(door, "door");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(firstPacket, "firstPacket");
        Objects.requireNonNull(lastPacket, "lastPacket");
        digits = Objects.requireNonNull(digits, "digits").clone();
        if (door instanceof OneTimeDoor oneTime) {
            Digits.check("knock", digits, oneTime.knockLength(), oneTime.profile().radix());
        } else if (digits.length != 0) {
            throw new IllegalArgumentException("a fixed door's knock carries no digits: " + digits.length);
        }
    }

    /** The digits, copied. */
    @Override
    public int[] digits() {
        return digits.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CompletedKnock k && door.equals(k.door) && source.equals(k.source)
                && destination.equals(k.destination) && Arrays.equals(digits, k.digits)
                && firstPacket.equals(k.firstPacket) && lastPacket.equals(k.lastPacket);
    }

    @Override
    public int hashCode() {
        return Objects.hash(door, source, destination, Arrays.hashCode(digits), firstPacket, lastPacket);
    }

    /** Names the door and the addresses; never the digits, which include pad-derived tags. */
    @Override
    public String toString() {
        return "CompletedKnock[door=" + door.name() + ", source=" + source.getHostAddress()
                + ", destination=" + destination.getHostAddress() + ", digits=" + digits.length
                + ", firstPacket=" + firstPacket + ", lastPacket=" + lastPacket + "]";
    }
}
