package dev.portknock.pad;

import java.util.Locale;

/** Which end of a door a pad's state belongs to: each keeps its own cursor. */
public enum Side {
    /** The knocking client: its cursor is the next block it will send. */
    CLIENT(1),
    /** The server: its cursor is the next block it has not accepted. */
    SERVER(2);

    private final int code;

    Side(int code) {
        this.code = code;
    }

    /** The byte that stands for this side in a state file. */
    int code() {
        return code;
    }

    /** The lowercase name used in file names and messages. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }
}
