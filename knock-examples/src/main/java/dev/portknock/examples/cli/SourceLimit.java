package dev.portknock.examples.cli;

import dev.portknock.core.SequenceMatcher;
import dev.portknock.examples.config.Options;
import java.util.Optional;

/**
 * How many partial knocks (one per source and door) each of the server's matchers tracks: the
 * configuration's {@code [options] MaxSources}, else the system property {@value #PROPERTY} (a
 * deployment's default, such as the Debian package's launcher sets for a small gateway), else
 * the library's {@value SequenceMatcher#DEFAULT_MAX_SOURCES}.
 */
final class SourceLimit {
    /** The system property giving the default when the configuration sets no {@code MaxSources}. */
    static final String PROPERTY = "dev.portknock.max_sources";

    private SourceLimit() {
    }

    /** The limit for these options, with the property as this JVM was given it. */
    static int of(Options options) {
        return of(options, Optional.ofNullable(System.getProperty(PROPERTY)));
    }

    /**
     * The limit for these options, with {@code property} the value of {@value #PROPERTY}, if set.
     *
     * @throws IllegalArgumentException when the options set no limit and the property is not a
     *     whole number in 1..{@value Options#MAX_SOURCES}
     */
    static int of(Options options, Optional<String> property) {
        return NumberProperty.fileElse(options.maxSources(), PROPERTY, property, 1, Options.MAX_SOURCES,
                SequenceMatcher.DEFAULT_MAX_SOURCES);
    }
}
