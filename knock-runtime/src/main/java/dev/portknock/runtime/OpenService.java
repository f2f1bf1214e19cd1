package dev.portknock.runtime;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A service a server has opened, or is about to open, for a source: what {@code knock holes list}
 * shows.
 *
 * @param door the door that accepted the knock
 * @param service the service number
 * @param source the address it is open for
 * @param until when it closes; empty while the launcher of a fixed door is starting it (its stop
 *              time counts from the start's end)
 * @param started whether the launcher has started it (false while it waits for the knock's delay
 *                or for the launcher)
 */
public record OpenService(String door, int service, InetAddress source, Optional<Instant> until, boolean started) {
    /** Validates. */
    public OpenService {
        Objects.requireNonNull(door, "door");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(until, "until");
    }
}
