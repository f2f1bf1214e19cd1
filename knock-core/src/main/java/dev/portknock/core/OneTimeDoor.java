package dev.portknock.core;

import java.time.Duration;
import java.util.Objects;

/**
 * A door whose knocks carry one-time pad digits, raw or sealed.
 *
 * @param name unique door name
 * @param profile ports, digit sizes, window and timeout
 */
public record OneTimeDoor(String name, Profile profile) implements Door {
    /** Validates the door. */
    public OneTimeDoor {
        DoorNames.check(name);
        Objects.requireNonNull(profile, "profile");
    }

    @Override
    public Duration sequenceTimeout() {
        return profile.sequenceTimeout();
    }

    @Override
    public java.util.List<PortRange> portRanges() {
        return java.util.List.of(new PortRange(profile.base(), profile.lastPort(), profile.transport(), profile.tcpFlags()));
    }

    @Override
    public int knockLength() {
        return profile.knockLength();
    }
}
