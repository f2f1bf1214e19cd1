package dev.portknock.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Waiting for what a server does in the background, and reading the files it writes meanwhile. */
final class Poll {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private Poll() {
    }

    /** Waits until the condition holds; fails naming {@code what} after twenty seconds. */
    static void until(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** The file's text, or "" while it does not exist or cannot be read yet. */
    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
