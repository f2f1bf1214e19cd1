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

    // written out: a record's generated equals and hashCode spin method handles up on their first
    // call, which the launch scheduler made on a server's first accepted knock (about 3 ms of its hand-off)
    @Override
    public boolean equals(Object other) {
        return other instanceof ServiceKey key && service == key.service && door.equals(key.door)
                && source.equals(key.source);
    }

    @Override
    public int hashCode() {
        return (door.hashCode() * 31 + service) * 31 + source.hashCode();
    }
}
