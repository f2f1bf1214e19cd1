package dev.portknock.pad;

import java.io.IOException;

/**
 * A server state that must exist does not: the pad's state, or the directory holding it. A
 * server never reads a missing state as a fresh pad (cursor 0), since the knocks it accepted
 * before the state was lost would open the door again; the state is created explicitly instead.
 */
public final class MissingStateException extends IOException {
    private static final long serialVersionUID = 1L;

    /** An exception with a one-line message saying what is missing. */
    public MissingStateException(String message) {
        super(message);
    }

    /**
     * The refusal of a pad whose state at a side is missing; for the server side the message says
     * how to recover safely.
     */
    public static MissingStateException forPad(PadId padId, Side side) {
        if (side == Side.CLIENT) {
            return new MissingStateException("pad " + padId + " has no client state");
        }
        return new MissingStateException("pad " + padId + " has no server state: for a new pad create it with "
                + "`knock pad init`; after a lost state or a restored backup move the cursor past every knock that "
                + "may have been used with `knock pad advance`");
    }
}
