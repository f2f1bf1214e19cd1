package dev.portknock.spi;

import java.io.IOException;
import java.time.Duration;

/** One opened service, as a launcher returned it. */
public interface Launch {
    /**
     * A repeated valid knock extends the opening: it now lasts {@code remaining} from now.
     * Launchers whose kernel object carries its own timeout (nftables) refresh it; others need
     * nothing, since the server schedules the stop.
     */
    default void extend(Duration remaining) throws IOException {
    }

    /**
     * Whether {@link #stop()} closes anything. A launch that only ran a command (knockd's
     * {@code command} without a {@code stop_command}) returns false: the server then schedules no
     * stop and reports no closing, since nothing was left open.
     */
    default boolean hasStop() {
        return true;
    }

    /** Closes the service again. Called once, and only when {@link #hasStop()} is true. */
    void stop() throws IOException;
}
