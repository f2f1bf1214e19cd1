package dev.portknock.examples.logging;

import java.time.Clock;
import java.util.Optional;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * A logger of the command line: each record its levels let through is formatted with slf4j's
 * {@link MessageFormatter} (the {@code {}} placeholders) and handed to the output. Markers are
 * ignored.
 */
final class CliLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    // not serialized: AbstractLogger.readResolve looks a deserialized logger up by its name
    private final transient LogLevels levels;
    private final transient LogOutput output;
    private final transient Clock clock;

    CliLogger(String name, LogLevels levels, LogOutput output, Clock clock) {
        this.name = name;
        this.levels = levels;
        this.output = output;
        this.clock = clock;
    }

    @Override
    public boolean isTraceEnabled() {
        return levels.enabled(name, Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return levels.enabled(name, Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return levels.enabled(name, Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return levels.enabled(name, Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return levels.enabled(name, Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        // records carry no caller location
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
            Throwable throwable) {
        String message = MessageFormatter.basicArrayFormat(pattern, arguments);
        output.write(new LogRecord(clock.instant(), level, name, String.valueOf(message),
                Optional.ofNullable(throwable)));
    }
}
