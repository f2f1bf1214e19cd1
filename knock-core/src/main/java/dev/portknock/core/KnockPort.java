package dev.portknock.core;

import java.util.Objects;

/**
 * One packet of a fixed sequence: a port and its transport.
 *
 * @param port 1..65535
 * @param transport UDP or TCP
 */
public record KnockPort(int port, Transport transport) {
    /** Validates the port. */
    public KnockPort {
        Objects.requireNonNull(transport, "transport");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be in 1..65535: " + port);
        }
    }

    /** knockd's spelling, {@code 7000:tcp}. */
    @Override
    public String toString() {
        return port + ":" + transport.keyword();
    }
}
