package dev.portknock.examples.logging;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.event.Level;

/**
 * Which records each logger of the command line writes. The levels are read from the system
 * properties slf4j-simple reads, so that the switches given to earlier builds keep working:
 * {@value #DEFAULT_KEY} sets the level of every logger (info when absent), and
 * {@value #LOGGER_PREFIX}{@code NAME} the level of the logger {@code NAME} and those below it
 * ({@code dev.portknock.runtime} covers {@code dev.portknock.runtime.KnockServer}); the nearest
 * name wins. A level is {@code trace}, {@code debug}, {@code info}, {@code warn}, {@code error} or
 * {@code off}, in any case. A command may raise or lower the default while it runs (a verbose
 * switch); levels set for a logger by name stay as they are.
 */
public final class LogLevels {
    /** The property that sets the default level. */
    static final String DEFAULT_KEY = "org.slf4j.simpleLogger.defaultLogLevel";
    /** The prefix of the properties that set one logger's level. */
    static final String LOGGER_PREFIX = "org.slf4j.simpleLogger.log.";
    /** Above every level: a logger at {@code off} writes nothing. */
    private static final int OFF = Integer.MAX_VALUE;
    /** A logger whose own name and parents name no level: it follows the default. */
    private static final int UNSET = Integer.MIN_VALUE;

    private static final LogLevels PROCESS = fromProperties(System.getProperties(),
            problem -> System.err.println("knock: " + problem));

    private final Map<String, Integer> named;
    private final Map<String, Integer> resolved = new ConcurrentHashMap<>();
    private volatile int defaultThreshold;

    private LogLevels(int defaultThreshold, Map<String, Integer> named) {
        this.defaultThreshold = defaultThreshold;
        this.named = Map.copyOf(named);
    }

    /** The levels of this process's loggers, read from its system properties once. */
    public static LogLevels process() {
        return PROCESS;
    }

    /**
     * The levels the properties set. A value that is not a level is reported to {@code problems},
     * naming the property, and ignored: logging must not stop a command from running.
     */
    static LogLevels fromProperties(Properties properties, Consumer<String> problems) {
        Objects.requireNonNull(properties, "properties");
        Objects.requireNonNull(problems, "problems");
        int defaultThreshold = Optional.ofNullable(properties.getProperty(DEFAULT_KEY))
                .flatMap(value -> threshold(DEFAULT_KEY, value, problems))
                .orElse(Level.INFO.toInt());
        Map<String, Integer> named = new HashMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(LOGGER_PREFIX) && key.length() > LOGGER_PREFIX.length()) {
                threshold(key, properties.getProperty(key), problems)
                        .ifPresent(threshold -> named.put(key.substring(LOGGER_PREFIX.length()), threshold));
            }
        }
        return new LogLevels(defaultThreshold, named);
    }

    private static Optional<Integer> threshold(String key, String value, Consumer<String> problems) {
        String level = value.trim().toLowerCase(Locale.ROOT);
        return switch (level) {
            case "trace" -> Optional.of(Level.TRACE.toInt());
            case "debug" -> Optional.of(Level.DEBUG.toInt());
            case "info" -> Optional.of(Level.INFO.toInt());
            case "warn" -> Optional.of(Level.WARN.toInt());
            case "error" -> Optional.of(Level.ERROR.toInt());
            case "off" -> Optional.of(OFF);
            default -> {
                problems.accept("ignoring the system property " + key + ": '" + value
                        + "' is not a log level (trace, debug, info, warn, error or off)");
                yield Optional.empty();
            }
        };
    }

    /** Whether the logger {@code name} writes records of {@code level}. */
    boolean enabled(String name, Level level) {
        int own = resolved.computeIfAbsent(name, this::nearestNamed);
        return level.toInt() >= (own == UNSET ? defaultThreshold : own);
    }

    /** The level named for {@code name} or the nearest name above it ({@code a.b} above {@code a.b.C}). */
    private int nearestNamed(String name) {
        String current = name;
        while (true) {
            Integer threshold = named.get(current);
            if (threshold != null) {
                return threshold;
            }
            int dot = current.lastIndexOf('.');
            if (dot < 0) {
                return UNSET;
            }
            current = current.substring(0, dot);
        }
    }

    /**
     * Sets the level of every logger that no property names, from now on (loggers made earlier
     * follow too).
     */
    public void setDefaultLevel(Level level) {
        defaultThreshold = Objects.requireNonNull(level, "level").toInt();
    }
}
