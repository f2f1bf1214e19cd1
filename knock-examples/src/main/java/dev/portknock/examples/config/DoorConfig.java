package dev.portknock.examples.config;

import java.time.Duration;

/**
 * One door section of the configuration, validated: what to watch for, and what to do when a
 * knock is accepted. The permitted records carry what their kind needs and nothing else.
 */
public sealed interface DoorConfig permits FixedDoorConfig, KnockdOneTimeDoorConfig, PadDoorConfig {
    /** The section name, unique in the file. */
    String name();

    /** How the door recognises a knock. */
    DoorKind kind();

    /** The section header's place, for errors found later (a missing pad file, say). */
    Location location();

    /** How long a whole knock may take from its first packet. */
    Duration sequenceTimeout();

    /** knockd's commands; empty for the nftables launcher. */
    Commands commands();

    /** Where the door's packets are captured. */
    CaptureConfig capture();

    /** How the door's service is opened. */
    LauncherConfig launcher();
}
