package dev.portknock.pad;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The mutable facts about one pad at one side, kept apart from the read-only pad file.
 *
 * @param padId the pad the state is bound to
 * @param side client or server
 * @param cursor the next unused block (knock index); 0 for a fresh pad
 * @param failures failed verifications counted against the pad (server side)
 * @param lastUse when the cursor last moved or a failure was counted; empty for a fresh pad. A
 *     server whose verifier is settled ({@link DoorVerifier#settle()}) stores a knock's time
 *     just after acting on it, its cursor just before
 */
public record PadState(PadId padId, Side side, long cursor, long failures, Optional<Instant> lastUse) {
    /** Validates the state. */
    public PadState {
        Objects.requireNonNull(padId, "padId");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(lastUse, "lastUse");
        if (cursor < 0) {
            throw new IllegalArgumentException("cursor must not be negative: " + cursor);
        }
        if (failures < 0) {
            throw new IllegalArgumentException("failures must not be negative: " + failures);
        }
    }

    /**
     * Equal when every component is. Written out rather than generated: a record's generated
     * {@code equals} spins method handles up on its first call (tens of milliseconds in a fresh
     * JVM), and the state store's compare-and-set makes that call on a server's first knock.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof PadState state && cursor == state.cursor && failures == state.failures
                && side == state.side && padId.equals(state.padId) && lastUse.equals(state.lastUse);
    }

    /** A hash of every component, consistent with {@link #equals}. */
    @Override
    public int hashCode() {
        return Objects.hash(padId, side, cursor, failures, lastUse);
    }

    /** The state of a pad nobody has used yet: cursor 0, no failures. */
    public static PadState fresh(PadId padId, Side side) {
        return new PadState(padId, side, 0, 0, Optional.empty());
    }

    /**
     * This state with the cursor moved forward.
     *
     * @throws IllegalArgumentException when the new cursor is behind this one
     */
    public PadState advancedTo(long newCursor, Instant at) {
        if (newCursor < cursor) {
            throw new IllegalArgumentException("cursor must not move back: " + cursor + " -> " + newCursor);
        }
        return new PadState(padId, side, newCursor, failures, Optional.of(at));
    }

    /**
     * This state with the cursor moved forward and the time of last use left as it is: the update
     * a verifier prepares ahead of a knock, whose time it cannot know yet (it stores that time once
     * the knock was acted on).
     */
    PadState movedTo(long newCursor) {
        if (newCursor < cursor) {
            throw new IllegalArgumentException("cursor must not move back: " + cursor + " -> " + newCursor);
        }
        return new PadState(padId, side, newCursor, failures, lastUse);
    }

    /**
     * This state with {@code count} more failures counted, the last of them at {@code at}.
     *
     * @throws IllegalArgumentException when {@code count} is not positive
     */
    public PadState withFailures(long count, Instant at) {
        if (count < 1) {
            throw new IllegalArgumentException("failure count must be positive: " + count);
        }
        return new PadState(padId, side, cursor, Math.addExact(failures, count), Optional.of(at));
    }
}
