package dev.portknock.examples.cli;

import dev.portknock.examples.config.ConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.List;
import java.util.Objects;
import picocli.CommandLine;

/**
 * Builds and runs the {@code knock} command line with the exit statuses every command shares:
 * {@value #OK} on success, {@value #FAILED} for a rejected or failed operation (with a one-line
 * message on standard error, no stack trace), {@value #USAGE} for bad usage; {@code knock pad info}
 * alone exits {@value #LOW_WATER} when a pad runs low.
 */
public final class KnockCli {
    /** The operation succeeded. */
    public static final int OK = 0;
    /** The operation was rejected or failed: a broken file, bad configuration, I/O. */
    public static final int FAILED = 1;
    /** The command line itself is wrong. */
    public static final int USAGE = 2;
    /** {@code knock pad info}: the pad's knocks left are at or below the low-water mark. */
    public static final int LOW_WATER = 3;

    private KnockCli() {
    }

    /** Runs a command line on the process's standard output and error. */
    static int run(String[] args) {
        Charset charset = Charset.defaultCharset();
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, charset), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, charset), true);
        return execute(out, err, args);
    }

    /**
     * Runs a command line in-process, writing to the given streams.
     *
     * @param out where the commands' output goes
     * @param err where usage errors and failure messages go
     * @param args the arguments after {@code knock}
     * @return the exit status: {@link #OK}, {@link #FAILED}, {@link #USAGE} or {@link #LOW_WATER}
     */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        int status = commandLine(out, err, factory(), args).execute(args);
        out.flush();
        err.flush();
        return status;
    }

    /** The configured command line: streams, exit codes and the failure handler. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, factory());
    }

    private static CommandLine.IFactory factory() {
        return new CommandFactory(CommandLine.defaultFactory());
    }

    /**
     * The configured command line with its commands made by {@code factory} (so that a test can
     * give a command what the process would otherwise supply, such as the syslog socket), for
     * running {@code args}: when the first argument names a subcommand, only that subcommand is
     * built. Picocli builds a command's model by reflection over its classes and annotations,
     * which is most of what a short command such as {@code knock send} costs at start-up; a help
     * request, a typo or no arguments at all get the whole tree, so its usage and suggestions are
     * those of the complete command line.
     */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, CommandLine.IFactory factory, String... args) {
        if (args.length > 0) {
            for (Class<?> subcommand : KnockCommand.SUBCOMMANDS) {
                if (subcommand.getAnnotation(CommandLine.Command.class).name().equals(args[0])) {
                    return configured(out, err, factory, List.of(subcommand));
                }
            }
        }
        return configured(out, err, factory, KnockCommand.SUBCOMMANDS);
    }

    private static CommandLine configured(PrintWriter out, PrintWriter err, CommandLine.IFactory factory,
            List<Class<?>> subcommands) {
        CommandLine commandLine = new CommandLine(new KnockCommand(), factory);
        for (Class<?> subcommand : subcommands) {
            commandLine.addSubcommand(subcommand);
        }
        // after the subcommands: picocli hands these settings down to the subcommands present
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler(new FailureReport());
        commandLine.getCommandSpec().exitCodeOnInvalidInput(USAGE);
        commandLine.getCommandSpec().exitCodeOnExecutionException(FAILED);
        return commandLine;
    }

    /**
     * Reports a command's failure on one line, with the stack trace only for a defect. A class, not a
     * lambda: picocli's interface is a Java 5 class file, and the JDK 17 class data sharing archive
     * holds no lambda implementing one, so a lambda here was spun at every start (docs/PERFORMANCE.md).
     */
    private static final class FailureReport implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception exception, CommandLine failing,
                CommandLine.ParseResult parseResult) {
            failing.getErr().println("knock: " + describe(exception));
            if (!isExpected(exception)) {
                // a defect, not an operator's mistake: the trace is what a bug report needs
                exception.printStackTrace(failing.getErr());
            }
            failing.getErr().flush();
            return FAILED;
        }
    }

    private static boolean isExpected(Exception exception) {
        return exception instanceof IOException || exception instanceof UncheckedIOException
                || exception instanceof ConfigException || exception instanceof CommandFailure
                || exception instanceof dev.portknock.spi.ProviderNotFoundException;
    }

    /** One line saying what went wrong, naming the file where there is one. */
    static String describe(Exception exception) {
        Throwable cause = exception instanceof UncheckedIOException unchecked ? unchecked.getCause() : exception;
        if (cause instanceof NoSuchFileException e) {
            return "no such file: " + e.getFile();
        }
        if (cause instanceof FileAlreadyExistsException e) {
            return "file exists, refusing to overwrite it: " + e.getFile();
        }
        if (cause instanceof AccessDeniedException e) {
            return "permission denied: " + e.getFile();
        }
        if (cause instanceof NotDirectoryException e) {
            return "not a directory: " + e.getFile();
        }
        if (cause instanceof DirectoryNotEmptyException e) {
            return "directory not empty: " + e.getFile();
        }
        if (cause instanceof FileSystemException e) {
            return e.getFile() + ": " + (e.getReason() == null ? e.getClass().getSimpleName() : e.getReason());
        }
        String message = cause.getMessage();
        if (message == null || message.isBlank()) {
            return cause.getClass().getSimpleName();
        }
        return message;
    }
}
