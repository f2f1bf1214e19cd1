package dev.portknock.runtime;

import java.net.InetAddress;
import java.util.Objects;

/**
 * What one opening is for: a service of a door, for one source. A second valid knock for the same
 * key extends the opening instead of starting the service twice.
 *
 * @param door the door's name
 * @param service the service number
 * @param source the knocking address
 */
public record ServiceKey(String door, int service, InetAddress source) {
    /** Validates the key. */
    public ServiceKey {
        Objects.requireNonNull(door, "door");
        Objects.requireNonNull(source, "source");
    }
}
