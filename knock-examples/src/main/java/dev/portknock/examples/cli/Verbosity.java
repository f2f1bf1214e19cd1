package dev.portknock.examples.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * How much a client command ({@code send}, {@code connect}) says: one line on success by default,
 * nothing with {@code -q}, the log as well with {@code -v}. Failures are always reported.
 *
 * <p>The log level has to be chosen before the first logger exists, which is before picocli has
 * parsed anything (the commands' classes create their loggers when they load), so {@link Main}
 * asks {@link #logLevel(String[])} first; the options here are what picocli shows and checks.
 */
final class Verbosity {
    /** slf4j-simple's property for the default level; a {@code -D} on the java command line wins. */
    static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

    private static final Set<String> CLIENT_COMMANDS = Set.of("send", "connect");
    private static final List<String> QUIET = List.of("-q", "--quiet");
    private static final List<String> VERBOSE = List.of("-v", "--verbose");

    @Option(names = {"-q", "--quiet"}, description = "Print nothing on success (failures are still reported).")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Log each step to standard error as well.")
    boolean verbose;

    /** Refuses {@code -q} with {@code -v}. */
    void check(Function<String, RuntimeException> usage) {
        if (quiet && verbose) {
            throw usage.apply("-q and -v exclude each other");
        }
    }

    /** Prints the success line unless quiet. */
    void report(PrintWriter out, String line) {
        if (!quiet) {
            out.println(line);
        }
    }

    /**
     * The log level for a command line, when it is a client command: {@code warn} by default (the
     * success line says what happened), {@code error} with {@code -q}, {@code debug} with
     * {@code -v}. Empty for other commands, which keep the configured level (the server logs at info).
     */
    static Optional<String> logLevel(String[] args) {
        if (args.length == 0 || !CLIENT_COMMANDS.contains(args[0])) {
            return Optional.empty();
        }
        String level = "warn";
        for (String arg : args) {
            if (arg.equals("--")) {
                break;
            }
            if (QUIET.contains(arg)) {
                level = "error";
            } else if (VERBOSE.contains(arg)) {
                level = "debug";
            }
        }
        return Optional.of(level);
    }
}
