package dev.portknock.pad;

import java.util.Objects;

/**
 * A pad its door no longer serves but whose knocks it still recognises, so that a revoked holder's
 * knock is refused with a clear outcome ({@link Verification.Revoked}) rather than taken for
 * garbage. Its region is the one at {@code cursor}; it consumes nothing and never moves.
 *
 * @param pad the pad
 * @param label its holder, as {@link DoorPad#label()}
 * @param cursor the server cursor the pad had when it was revoked
 */
public record RevokedPad(Pad pad, String label, long cursor) {
    /** Validates. */
    public RevokedPad {
        Objects.requireNonNull(pad, "pad");
        DoorPad.requireLabel(label);
        if (cursor < 0) {
            throw new IllegalArgumentException("pad " + label + ": cursor must not be negative: " + cursor);
        }
    }
}
