package dev.portknock.examples.config;

import java.util.Objects;

/**
 * A place in a configuration file, for error messages: {@code knockd.conf:12}.
 *
 * @param source the file name as the operator knows it (or a name given to parsed text)
 * @param line 1-based line number
 */
public record Location(String source, int line) {
    /** Validates the location. */
    public Location {
        Objects.requireNonNull(source, "source");
        if (line < 1) {
            throw new IllegalArgumentException("line must be at least 1: " + line);
        }
    }

    /** {@code source:line}, the prefix of every configuration error. */
    @Override
    public String toString() {
        return source + ":" + line;
    }
}
