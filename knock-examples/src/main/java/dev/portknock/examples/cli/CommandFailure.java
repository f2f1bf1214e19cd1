package dev.portknock.examples.cli;

/**
 * An operation that was refused or failed for a reason the operator can act on; the command line
 * prints the message (no stack trace) and exits with status 1.
 */
final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failure with a one-line, lowercase message. */
    CommandFailure(String message) {
        super(message);
    }

    /** A failure with a one-line message and its cause. */
    CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
