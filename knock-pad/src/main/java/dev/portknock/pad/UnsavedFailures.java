package dev.portknock.pad;

import java.time.Duration;
import java.time.Instant;

/**
 * One pad's failed knocks counted but not yet added to its stored statistic
 * ({@link PadState#failures()}), so that garbage never costs a durable write each: they are
 * handed to the store at most once per interval, or with the next cursor update. Used under the
 * pad's lock.
 */
final class UnsavedFailures {
    private long count;
    private Instant last = Instant.MIN;
    /** Failures are handed to the store at most once per interval: not before this instant. */
    private Instant nextSave = Instant.MIN;

    /** One more failure, at {@code now}. */
    void add(Instant now) {
        count++;
        last = now;
    }

    /** Failures counted and not handed to the store. */
    long count() {
        return count;
    }

    /** When the last failure happened ({@link Instant#MIN} before any). */
    Instant last() {
        return last;
    }

    /** Whether a save is due at {@code now}: the interval since the last one has passed. */
    boolean due(Instant now) {
        return !now.isBefore(nextSave);
    }

    /** The count, now handed to the store for a save of its own: the next such save is an interval away. */
    long takeForSave(Instant now, Duration interval) {
        long taken = count;
        count = 0;
        nextSave = now.plus(interval);
        return taken;
    }

    /** A count {@link #takeForSave} took that the store could not save: unsaved again. */
    void giveBack(long taken) {
        count += taken;
    }

    /** The count went to the store with a cursor update (which does not delay the next save). */
    void written() {
        count = 0;
    }
}
