package dev.portknock.core.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The options a builder has been given, each at most once. Setting an option a second time is
 * misuse, reported as in Caffeine's {@code requireState}: the message names the option and the
 * value it already has ({@code clock already set to SystemClock[Z]}), so the caller sees which of
 * two calls won.
 *
 * <p>Not API: the package is exported only to portknock's own modules. Not thread-safe, as the
 * builders that hold it are not.
 */
public final class BuilderOptions {
    private final Map<String, Object> values = new HashMap<>();

    /** A builder's options, none set yet. */
    public BuilderOptions() {
    }

    /**
     * Records that {@code option} now has {@code value} and returns the value, so a setter reads
     * {@code clock = options.once("clock", Objects.requireNonNull(value, "clock"));}. Call it with
     * a value already validated: a rejected value does not count as set.
     *
     * @param option the option's name as the builder's users know it, lowercase
     * @param value the accepted value
     * @return {@code value}
     * @throws IllegalStateException when the option was set before, naming it and its value
     */
    public <T> T once(String option, T value) {
        Objects.requireNonNull(option, "option");
        Objects.requireNonNull(value, "value");
        Object earlier = values.putIfAbsent(option, value);
        if (earlier != null) {
            throw new IllegalStateException(option + " already set to " + earlier);
        }
        return value;
    }
}
