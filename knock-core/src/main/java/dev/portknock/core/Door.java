package dev.portknock.core;

import java.time.Duration;

/** A door the matcher watches: a fixed sequence or a one-time (raw or sealed) profile. */
public sealed interface Door permits FixedDoor, OneTimeDoor {
    /** The door's unique name, used in outcomes and logs. */
    String name();

    /** How long a whole knock may take, measured from its first packet. */
    Duration sequenceTimeout();

    /** Packets in one complete knock. */
    int knockLength();

    /** The destination ports (with transport and TCP flags) a capture must deliver for this door. */
    java.util.List<PortRange> portRanges();
}
