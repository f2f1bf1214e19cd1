package dev.portknock.examples.logging;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where the command line's log records go, the one place that writes them: each record becomes a
 * line {@code TIME LEVEL Logger - message} (then its exception's stack trace) on standard error, or
 * in knockd's {@code [options] LogFile} while a server has one, and, while a server has
 * {@code UseSyslog}, also a syslog message per line of it. Standard error is the
 * {@code System.err} of the moment, so that whoever replaces it (a test) receives the records.
 * Records are written one at a time, so the lines of two records never interleave.
 */
public final class LogOutput {
    // The process's time zone and the formatter are made at the first record, not when the first
    // logger is: reading the time zone database and building a formatter cost a short command
    // (`knock send`, which logs nothing at its default level) a few milliseconds of its start.
    private static final LogOutput PROCESS = new LogOutput(ZoneId::systemDefault, () -> System.err);

    private final Supplier<ZoneId> zoneSource;
    private Optional<ZoneId> zone = Optional.empty();
    private final Supplier<PrintStream> standardError;
    private Optional<PrintStream> logFile = Optional.empty();
    private Optional<ServerSyslog> syslog = Optional.empty();

    /**
     * An output that stamps lines with the time in {@code zone} and writes to what
     * {@code standardError} supplies at each record, until a log file is set.
     */
    LogOutput(ZoneId zone, Supplier<PrintStream> standardError) {
        this(constant(Objects.requireNonNull(zone, "zone")), standardError);
    }

    /** An output that stamps lines with the time in the zone {@code zone} supplies at the first record. */
    LogOutput(Supplier<ZoneId> zone, Supplier<PrintStream> standardError) {
        this.zoneSource = Objects.requireNonNull(zone, "zone");
        this.standardError = Objects.requireNonNull(standardError, "standardError");
    }

    private static Supplier<ZoneId> constant(ZoneId zone) {
        return () -> zone;
    }

    /** The output of this process's loggers. */
    public static LogOutput process() {
        return PROCESS;
    }

    /** Writes the lines of later records to {@code file} (knockd's {@code LogFile}) instead of standard error. */
    public synchronized void writeTo(PrintStream file) {
        logFile = Optional.of(Objects.requireNonNull(file, "file"));
    }

    /** Writes the lines of later records to standard error again; the log file is left for its owner to close. */
    public synchronized void writeToStandardError() {
        logFile = Optional.empty();
    }

    /** Sends later records to {@code syslog} as well. */
    synchronized void sendTo(ServerSyslog destination) {
        syslog = Optional.of(Objects.requireNonNull(destination, "destination"));
    }

    /** Stops sending records to {@code destination}, if they go there. */
    synchronized void stopSendingTo(ServerSyslog destination) {
        if (syslog.equals(Optional.of(destination))) {
            syslog = Optional.empty();
        }
    }

    /** Writes one record: its lines to standard error or the log file, and to syslog if it is on. */
    synchronized void write(LogRecord record) {
        String text = record.text();
        Optional<String> trace = record.throwable().map(LogOutput::stackTrace);
        PrintStream lines = lines();
        if (zone.isEmpty()) {
            zone = Optional.of(zoneSource.get());
        }
        lines.println(Stamp.TIME.format(record.time().atZone(zone.get())) + " " + text);
        trace.ifPresent(lines::print);
        lines.flush();
        if (syslog.isPresent()) {
            // a message per line, as knockd's syslog(3) calls are: a stack trace's lines take their record's level
            syslog.get().send(record.level(), text);
            trace.ifPresent(stack -> stack.lines().filter(line -> !line.isBlank())
                    .forEach(line -> syslog.get().send(record.level(), line)));
        }
    }

    /** Writes a line of the logging itself (syslog went away or came back) where the records' lines go, and only there. */
    synchronized void notice(String line) {
        PrintStream lines = lines();
        lines.println(line);
        lines.flush();
    }

    private PrintStream lines() {
        return logFile.orElseGet(standardError);
    }

    /** The line's time stamp, made when a line is first written (a holder class loads on first use). */
    private static final class Stamp {
        /** slf4j-simple's format as the command line configured it: local time to the millisecond, with the offset. */
        static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");
    }

    private static String stackTrace(Throwable throwable) {
        StringWriter trace = new StringWriter();
        try (PrintWriter writer = new PrintWriter(trace)) {
            throwable.printStackTrace(writer);
        }
        return trace.toString();
    }
}
