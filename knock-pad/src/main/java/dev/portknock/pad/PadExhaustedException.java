package dev.portknock.pad;

import java.io.IOException;
import java.util.Objects;

/** A client asked for a knock from a pad whose every block has been used. */
public final class PadExhaustedException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The exhausted pad's id as text. */
    private final String padId;

    /**
     * The pad ran out.
     *
     * @param padId the pad
     * @param knocks how many knocks it held
     */
    public PadExhaustedException(PadId padId, long knocks) {
        super("pad " + Objects.requireNonNull(padId, "padId") + " is exhausted: all " + knocks + " knocks are used");
        this.padId = padId.toString();
    }

    /** The exhausted pad. */
    public PadId padId() {
        return PadId.parse(padId);
    }
}
