package dev.portknock.core;

/** How a one-time door turns pad digits into a knock (PROTOCOL.md §3). */
public enum Scheme {
    /**
     * Raw one-time blocks of {@code A} pad digits followed by {@code M} command digits in clear;
     * compatible with knockd's {@code one_time_sequences}. Not bound to the source address and the
     * command is not authenticated.
     */
    RAW,
    /** Hint, masked command and one-time MAC tags over GF(2^k), optionally bound to the source. */
    SEALED;

    /** The lowercase keyword used in configuration files and on the command line. */
    public String keyword() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
