package dev.portknock.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock a test moves by hand, for the builders and stores that take an injected {@link Clock}:
 * it reads the same instant until the test {@linkplain #advance(Duration) advances} or {@linkplain
 * #set(Instant) sets} it. Always in UTC. Thread-safe: a server's threads may read it while the test
 * moves it.
 */
public final class TestClock extends Clock {
    private volatile Instant now;

    private TestClock(Instant start) {
        this.now = start;
    }

    /** A clock that reads {@code start} until moved. */
    public static TestClock at(Instant start) {
        return new TestClock(Objects.requireNonNull(start, "start"));
    }

    /**
     * Moves the clock forward.
     *
     * @throws IllegalArgumentException when the step is negative: time set back is {@link #set(Instant)}
     */
    public synchronized void advance(Duration step) {
        Objects.requireNonNull(step, "step");
        if (step.isNegative()) {
            throw new IllegalArgumentException("step must not be negative: " + step);
        }
        now = now.plus(step);
    }

    /** Sets the clock to the instant, also backwards, as a wall clock may be set. */
    public void set(Instant instant) {
        now = Objects.requireNonNull(instant, "instant");
    }

    /** The instant the clock was last moved to. */
    @Override
    public Instant instant() {
        return now;
    }

    /** UTC. */
    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /**
     * This clock itself for UTC; any other zone is refused, since a copy in another zone would not
     * move with this one.
     *
     * @throws UnsupportedOperationException for a zone other than UTC
     */
    @Override
    public Clock withZone(ZoneId zone) {
        if (ZoneOffset.UTC.equals(zone)) {
            return this;
        }
        throw new UnsupportedOperationException("a test clock stays in UTC: " + zone);
    }

    /** {@code TestClock[instant]}, so a builder's "clock already set to ..." names the time. */
    @Override
    public String toString() {
        return "TestClock[" + now + "]";
    }
}
