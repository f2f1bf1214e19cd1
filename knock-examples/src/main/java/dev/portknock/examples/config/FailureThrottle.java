package dev.portknock.examples.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How many failed knocks a one-time door's pad absorbs per interval before it is throttled
 * (PROTOCOL.md §5): at most {@code limit} failures in each {@code interval}; further knocks in
 * that interval are refused without being checked.
 *
 * @param limit failures per interval, at least 1
 * @param interval the interval, whole seconds from 1 to {@value #MAX_INTERVAL_SECONDS}
 */
public record FailureThrottle(int limit, Duration interval) {
    /** The longest interval accepted, in seconds (one hour). */
    public static final int MAX_INTERVAL_SECONDS = 3_600;
    /** The most failures per interval accepted: more than any capture delivers in a second. */
    public static final int MAX_LIMIT = 1_000_000;
    /** PROTOCOL.md §5's default: 8 failures per pad per second. */
    public static final FailureThrottle DEFAULT = new FailureThrottle(8, Duration.ofSeconds(1));

    /** Validates the throttle. */
    public FailureThrottle {
        Objects.requireNonNull(interval, "interval");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("failure limit must be in 1.." + MAX_LIMIT + ": " + limit);
        }
        if (interval.compareTo(Duration.ofSeconds(1)) < 0
                || interval.compareTo(Duration.ofSeconds(MAX_INTERVAL_SECONDS)) > 0
                || interval.toNanosPart() != 0) {
            throw new IllegalArgumentException("failure interval must be whole seconds in 1.."
                    + MAX_INTERVAL_SECONDS + ": " + interval);
        }
    }
}
