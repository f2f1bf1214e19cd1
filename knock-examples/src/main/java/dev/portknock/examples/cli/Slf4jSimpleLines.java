package dev.portknock.examples.cli;

import dev.portknock.examples.cli.SyslogFormat.Severity;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the lines slf4j-simple writes ({@code simplelogger.properties}: {@code DATE LEVEL Logger -
 * message}) for syslog. The level word gives the severity: ERROR err, WARN warning, INFO info, DEBUG
 * and TRACE debug. The date is dropped, since syslog stamps its own time; the level word and logger
 * name stay, so a line in {@code /var/log/syslog} reads as it does on standard error. A line without
 * that prefix continues the record before it (a stack trace's lines) and takes its severity; before
 * any record, such a line is a notice. Not thread-safe: one stream's lines arrive one at a time.
 */
final class Slf4jSimpleLines {
    private static final Pattern RECORD = Pattern.compile("\\S+ ((ERROR|WARN|INFO|DEBUG|TRACE) .*)", Pattern.DOTALL);

    /**
     * One line as syslog gets it.
     *
     * @param severity the severity of the line's record
     * @param message the line without slf4j-simple's date
     */
    record Entry(Severity severity, String message) {
        Entry {
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(message, "message");
        }
    }

    private Severity current = Severity.NOTICE;

    /** The next line's severity and message. */
    Entry next(String line) {
        Matcher record = RECORD.matcher(line);
        if (!record.matches()) {
            return new Entry(current, line);
        }
        current = switch (record.group(2)) {
            case "ERROR" -> Severity.ERR;
            case "WARN" -> Severity.WARNING;
            case "INFO" -> Severity.INFO;
            default -> Severity.DEBUG;
        };
        return new Entry(current, record.group(1));
    }
}
