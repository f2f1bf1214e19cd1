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

    /**
     * A handle on a launch that an earlier process started with the same settings and could not
     * stop (it died), so that the server can stop it now or when its time ends: nothing is started.
     * The request is the original one, with the time left as its duration.
     *
     * @return the handle, or empty when this launcher has nothing to stop for such a launch (the
     *     default: e.g. the kernel times the opening out by itself)
     */
    default java.util.Optional<Launch> recover(LaunchRequest request) {
        return java.util.Optional.empty();
    }

    /** Releases the launcher's own resources; does not stop launches (the server does). */
    @Override
    default void close() {
    }
}
