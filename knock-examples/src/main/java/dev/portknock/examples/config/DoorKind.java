package dev.portknock.examples.config;

import java.util.Locale;

/** How a configured door recognises a knock. */
public enum DoorKind {
    /** knockd's static {@code Sequence}: replayable, no pad. */
    FIXED,
    /**
     * knockd's {@code One_Time_Sequences}: each line of a knockd sequences file is used once; the
     * file (not a pad) holds the sequences and knockd's own bookkeeping.
     */
    KNOCKD_ONE_TIME_FILE,
    /** Raw one-time blocks from a pad (PROTOCOL.md §3.2). */
    RAW,
    /** Sealed one-time knocks from a pad (PROTOCOL.md §3.3). */
    SEALED;

    /** The lowercase spelling used in messages, e.g. {@code knockd-one-time-file}. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
