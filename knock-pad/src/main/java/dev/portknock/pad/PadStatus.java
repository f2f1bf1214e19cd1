package dev.portknock.pad;

import java.util.Objects;

/**
 * How far one pad is used, as {@code knock pad info} shows it.
 *
 * @param padId the pad
 * @param cursor the next unused knock index
 * @param knocks how many knocks the pad holds for its door's profile
 */
public record PadStatus(PadId padId, long cursor, long knocks) {
    /** Validates the status. */
    public PadStatus {
        Objects.requireNonNull(padId, "padId");
        if (knocks < 0 || cursor < 0) {
            throw new IllegalArgumentException("cursor and knocks must not be negative: " + cursor + ", " + knocks);
        }
    }

    /** Knocks not yet used; 0 when the pad is exhausted (or the cursor lies past its end). */
    public long knocksLeft() {
        return Math.max(0, knocks - cursor);
    }

    /** Whether every knock is used. */
    public boolean exhausted() {
        return knocksLeft() == 0;
    }
}
