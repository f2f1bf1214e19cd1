package dev.portknock.examples.systemd;

/**
 * The datagrams of sd_notify(3)'s protocol: newline-separated {@code KEY=VALUE} lines. A status
 * is one line of at most {@link #MAX_STATUS_CHARS} characters: line breaks and other control
 * characters in it (an exception's message may hold some) become spaces, since a newline would
 * start another assignment, and a longer one is cut, since systemd refuses a datagram longer than
 * its buffer.
 */
final class NotifyMessage {
    /** The longest status sent; the datagram stays well within systemd's 4096-byte buffer. */
    static final int MAX_STATUS_CHARS = 1000;

    private NotifyMessage() {
    }

    /** Startup, or a reload, is finished. */
    static String ready(String status) {
        return "READY=1\n" + statusLine(status);
    }

    /**
     * A reload begins, at {@code monotonicMicros} of {@code CLOCK_MONOTONIC} (systemd matches it
     * against the time it asked for the reload).
     */
    static String reloading(long monotonicMicros, String status) {
        if (monotonicMicros < 0) {
            throw new IllegalArgumentException("monotonic time must not be negative: " + monotonicMicros);
        }
        return "RELOADING=1\nMONOTONIC_USEC=" + monotonicMicros + "\n" + statusLine(status);
    }

    /** The service is stopping. */
    static String stopping(String status) {
        return "STOPPING=1\n" + statusLine(status);
    }

    private static String statusLine(String status) {
        StringBuilder line = new StringBuilder("STATUS=");
        int end = Math.min(status.length(), MAX_STATUS_CHARS);
        if (end < status.length() && Character.isHighSurrogate(status.charAt(end - 1))) {
            end--;
        }
        for (int i = 0; i < end; i++) {
            char c = status.charAt(i);
            line.append(Character.isISOControl(c) ? ' ' : c);
        }
        return line.append('\n').toString();
    }
}
