package dev.portknock.spi;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * What an accepted knock asks for: open a service for a source, for a while.
 *
 * @param door the door that accepted the knock
 * @param service the service number from the command (the door's default when it has no command)
 * @param source the knocking address, as the server saw it
 * @param duration how long the service stays open; positive
 */
public record LaunchRequest(String door, int service, InetAddress source, Duration duration) {
    /** Validates the request. */
    public LaunchRequest {
        Objects.requireNonNull(door, "door");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(duration, "duration");
        if (service < 0) {
            throw new IllegalArgumentException("service must not be negative: " + service);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive: " + duration);
        }
    }
}
