package dev.portknock.pad;

import java.io.IOException;

/** {@link PadStateStore#create} found a state already stored; the stored state is left as it was. */
public final class StateExistsException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The refusal to create the state of a pad at a side that has one. */
    public StateExistsException(PadId padId, Side side) {
        super("pad " + padId + " already has " + side.keyword() + " state; it is left as it was");
    }
}
