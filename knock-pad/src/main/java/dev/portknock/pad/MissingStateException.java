package dev.portknock.pad;

import java.io.IOException;
import java.util.Optional;

/**
 * A server state that must exist does not: the pad's state, or the directory holding it. A
 * server never reads a missing state as a fresh pad (cursor 0), since the knocks it accepted
 * before the state was lost would open the door again; the state is created explicitly instead.
 */
public final class MissingStateException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The pad whose state is missing; null when something else is (a state directory). */
    private final transient PadId padId;

    /** An exception with a one-line message saying what is missing. */
    public MissingStateException(String message) {
        this(message, null);
    }

    private MissingStateException(String message, PadId padId) {
        super(message);
        this.padId = padId;
    }

    /** The pad whose state is missing; empty when what is missing is not one pad's state (a state directory). */
    public Optional<PadId> padId() {
        return Optional.ofNullable(padId);
    }

    /**
     * The refusal of a pad whose state at a side is missing; for the server side the message says
     * how to recover safely.
     */
    public static MissingStateException forPad(PadId padId, Side side) {
        if (side == Side.CLIENT) {
            return new MissingStateException("pad " + padId + " has no client state", padId);
        }
        return new MissingStateException("pad " + padId + " has no server state: for a new pad create it with "
                + "`knock pad init`; after a lost state or a restored backup move the cursor past every knock that "
                + "may have been used with `knock pad advance`", padId);
    }
}
