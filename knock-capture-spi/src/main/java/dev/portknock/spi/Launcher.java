package dev.portknock.spi;

import java.io.IOException;

/**
 * Opens a service for a source: starts a daemon, adds a firewall element, records a call. The
 * server decides when; a launcher only does it.
 */
public interface Launcher extends AutoCloseable {
    /**
     * Opens the service for the request's source.
     *
     * @return a handle that closes it again
     * @throws IOException when the service could not be opened (the message says why)
     */
    Launch start(LaunchRequest request) throws IOException;

    /** Releases the launcher's own resources; does not stop launches (the server does). */
    @Override
    default void close() {
    }
}
