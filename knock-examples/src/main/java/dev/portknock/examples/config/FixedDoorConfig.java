package dev.portknock.examples.config;

import dev.portknock.core.FixedDoor;
import java.time.Duration;
import java.util.Objects;

/**
 * A knockd door with a static {@code Sequence}.
 *
 * @param door the core door: sequence, timeout, TCP flag filter
 * @param location the section header's place
 * @param commands knockd's commands
 * @param cmdTimeout knockd's {@code Cmd_Timeout}: how long after the start command the stop
 *                   command runs
 * @param capture where the packets are captured
 * @param launcher how the service is opened
 */
public record FixedDoorConfig(FixedDoor door, Location location, Commands commands, Duration cmdTimeout,
                              CaptureConfig capture, LauncherConfig launcher) implements DoorConfig {
    /** Validates the door. */
    public FixedDoorConfig {
        Objects.requireNonNull(door, "door");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(commands, "commands");
        Objects.requireNonNull(cmdTimeout, "cmdTimeout");
        Objects.requireNonNull(capture, "capture");
        Objects.requireNonNull(launcher, "launcher");
        if (cmdTimeout.isNegative() || cmdTimeout.isZero()) {
            throw new IllegalArgumentException("command timeout must be positive: " + cmdTimeout);
        }
    }

    @Override
    public String name() {
        return door.name();
    }

    @Override
    public DoorKind kind() {
        return DoorKind.FIXED;
    }

    @Override
    public Duration sequenceTimeout() {
        return door.sequenceTimeout();
    }
}
