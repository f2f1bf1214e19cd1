package dev.portknock.examples.cli;

import dev.portknock.examples.config.Options;
import dev.portknock.runtime.KnockServer;
import java.util.Optional;

/**
 * How many scratch knocks each server verifies before it captures
 * ({@link KnockServer.Builder#warmUpKnocks}): the configuration's {@code [options] WarmUpKnocks},
 * else the system property {@value #PROPERTY} (a deployment's default: the Debian package's
 * launcher sets 0, since its memory-first server would pass 64 MiB under a flood with the 2 MiB
 * of compiled code and classes the warm-up leaves), else {@value #DEFAULT}.
 */
final class WarmUpKnocks {
    /** The system property giving the default when the configuration sets no {@code WarmUpKnocks}. */
    static final String PROPERTY = "dev.portknock.warm_up_knocks";
    /**
     * The default: past the JIT's call count for a first compilation (200), so that the first
     * real knocks run compiled code.
     */
    static final int DEFAULT = 300;

    private WarmUpKnocks() {
    }

    /** The warm-up for these options, with the property as this JVM was given it. */
    static int of(Options options) {
        return of(options, Optional.ofNullable(System.getProperty(PROPERTY)));
    }

    /**
     * The warm-up for these options, with {@code property} the value of {@value #PROPERTY}, if set.
     *
     * @throws IllegalArgumentException when the options set none and the property is not a whole
     *     number in 0..{@value KnockServer.Builder#MAX_WARM_UP_KNOCKS}
     */
    static int of(Options options, Optional<String> property) {
        return NumberProperty.fileElse(options.warmUpKnocks(), PROPERTY, property, 0,
                KnockServer.Builder.MAX_WARM_UP_KNOCKS, DEFAULT);
    }
}
