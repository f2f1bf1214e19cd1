package dev.portknock.examples.cli;

import dev.portknock.pad.PadId;
import dev.portknock.pad.PadState;
import dev.portknock.pad.PadStateStore;
import dev.portknock.pad.Side;
import dev.portknock.pad.StateExistsException;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.function.LongUnaryOperator;

/**
 * Moves a cursor forward in a state store, never back: what {@code knock pad advance} and
 * {@code knock pad cursor --to} do. A missing state is created at the target (after a lost state,
 * the cursor must be moved past every knock that may have been used; there is nothing to move).
 *
 * @param side the side whose cursor moved
 * @param from the cursor before; empty when no state was stored
 * @param to the cursor after
 */
record CursorMove(Side side, Optional<Long> from, long to) {
    /**
     * Moves the cursor of a pad at a side to {@code target.applyAsLong(current)}, where current
     * is 0 when nothing is stored.
     *
     * @throws CommandFailure when the target lies behind the stored cursor (naming both)
     */
    static CursorMove forward(PadStateStore store, PadId padId, Side side, LongUnaryOperator target, Instant now)
            throws IOException {
        while (true) {
            Optional<PadState> stored = store.stored(padId, side);
            long from = stored.map(PadState::cursor).orElse(0L);
            long to = target.applyAsLong(from);
            if (to < from) {
                throw new CommandFailure("refusing to move the " + side.keyword() + " cursor of pad " + padId
                        + " back from " + from + " to " + to + ": a cursor only moves forward");
            }
            if (stored.isEmpty()) {
                try {
                    store.create(new PadState(padId, side, to, 0, Optional.of(now)));
                    return new CursorMove(side, Optional.empty(), to);
                } catch (StateExistsException e) {
                    continue; // created meanwhile: move it from where it is
                }
            }
            if (to == from || store.compareAndSet(stored.get(), stored.get().advancedTo(to, now))) {
                return new CursorMove(side, Optional.of(from), to);
            }
        }
    }

    /** What happened, for the operator. */
    String describe(PadId padId) {
        if (from.isEmpty()) {
            return "created the " + side.keyword() + " state of pad " + padId + " at cursor " + to
                    + " (there was none)";
        }
        if (from.get() == to) {
            return "the " + side.keyword() + " cursor of pad " + padId + " is at " + to + " already";
        }
        return "moved the " + side.keyword() + " cursor of pad " + padId + " from " + from.get() + " to " + to;
    }
}
