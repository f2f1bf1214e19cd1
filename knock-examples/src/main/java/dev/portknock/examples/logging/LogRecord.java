package dev.portknock.examples.logging;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.event.Level;

/**
 * One log record of the command line, as its logger made it.
 *
 * @param time when it was logged
 * @param level its level
 * @param loggerName the full name of the logger that made it
 * @param message the message, its arguments already formatted in
 * @param throwable the exception it reports, if any
 */
record LogRecord(Instant time, Level level, String loggerName, String message, Optional<Throwable> throwable) {
    LogRecord {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(loggerName, "loggerName");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(throwable, "throwable");
    }

    /**
     * The record as a line, without its time: {@code LEVEL Logger - message}, the logger's name
     * without its package (as slf4j-simple's {@code showShortLogName} wrote it).
     */
    String text() {
        return level + " " + loggerName.substring(loggerName.lastIndexOf('.') + 1) + " - " + message;
    }
}
