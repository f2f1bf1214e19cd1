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

    /** Closes the service again. Called once. */
    void stop() throws IOException;
}
