package dev.portknock.examples.config;

import dev.portknock.core.TcpFlagFilter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A knockd door whose sequences come from a knockd one-time-sequences file
 * ({@code One_Time_Sequences}): each line is a knockd sequence, used once and then commented
 * out. The file is not read here; it changes as sequences are used.
 *
 * @param name the section name
 * @param location the section header's place
 * @param sequencesFile the knockd one-time-sequences file
 * @param sequenceTimeout how long a knock may take from its first packet
 * @param tcpFlags which TCP segments count as knocks
 * @param commands knockd's commands
 * @param cmdTimeout how long after the start command the stop command runs
 * @param capture where the packets are captured
 * @param launcher how the service is opened
 */
public record KnockdOneTimeDoorConfig(String name, Location location, Path sequencesFile, Duration sequenceTimeout,
                                      TcpFlagFilter tcpFlags, Commands commands, Duration cmdTimeout,
                                      CaptureConfig capture, LauncherConfig launcher) implements DoorConfig {
    /** Validates the door. */
    public KnockdOneTimeDoorConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(sequencesFile, "sequencesFile");
        Objects.requireNonNull(sequenceTimeout, "sequenceTimeout");
        Objects.requireNonNull(tcpFlags, "tcpFlags");
        Objects.requireNonNull(commands, "commands");
        Objects.requireNonNull(cmdTimeout, "cmdTimeout");
        Objects.requireNonNull(capture, "capture");
        Objects.requireNonNull(launcher, "launcher");
        if (name.isBlank()) {
            throw new IllegalArgumentException("door name must not be blank");
        }
        if (sequenceTimeout.isNegative() || sequenceTimeout.isZero()) {
            throw new IllegalArgumentException("sequence timeout must be positive: " + sequenceTimeout);
        }
        if (cmdTimeout.isNegative() || cmdTimeout.isZero()) {
            throw new IllegalArgumentException("command timeout must be positive: " + cmdTimeout);
        }
    }

    @Override
    public DoorKind kind() {
        return DoorKind.KNOCKD_ONE_TIME_FILE;
    }
}
