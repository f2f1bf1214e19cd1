package dev.portknock.examples.logging;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;

/** Makes the command line's loggers, one per name, all writing to one output under one set of levels. */
final class CliLoggerFactory implements ILoggerFactory {
    private final LogLevels levels;
    private final LogOutput output;
    private final Clock clock;
    private final Map<String, Logger> loggers = new ConcurrentHashMap<>();

    CliLoggerFactory(LogLevels levels, LogOutput output, Clock clock) {
        this.levels = Objects.requireNonNull(levels, "levels");
        this.output = Objects.requireNonNull(output, "output");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, n -> new CliLogger(n, levels, output, clock));
    }
}
