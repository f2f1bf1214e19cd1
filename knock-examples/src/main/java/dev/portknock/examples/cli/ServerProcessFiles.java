package dev.portknock.examples.cli;

import dev.portknock.examples.config.Options;
import dev.portknock.examples.logging.LogOutput;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * knockd's {@code [options] LogFile} and {@code PidFile} for {@code knock server}: while open, the
 * log output appends its lines to the log file (in UTF-8) instead of standard error, and the pid
 * file holds the process id. Closing sends the lines to standard error again and removes the pid file.
 */
final class ServerProcessFiles implements AutoCloseable {
    private final LogOutput output;
    private final Optional<PrintStream> log;
    private final Optional<Path> pidFile;

    private ServerProcessFiles(LogOutput output, Optional<PrintStream> log, Optional<Path> pidFile) {
        this.output = output;
        this.log = log;
        this.pidFile = pidFile;
    }

    /**
     * Sends the output's lines to {@code LogFile} and writes {@code PidFile}, as the options say.
     *
     * @throws IOException naming the file that cannot be opened or written
     */
    static ServerProcessFiles open(Options options, LogOutput output) throws IOException {
        Optional<PrintStream> log = Optional.empty();
        if (options.logFile().isPresent()) {
            Path file = options.logFile().get();
            try {
                log = Optional.of(new PrintStream(new FileOutputStream(file.toFile(), true), true,
                        StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IOException("cannot open LogFile " + file + ": " + e.getMessage(), e);
            }
        }
        if (options.pidFile().isPresent()) {
            try {
                writePid(options.pidFile().get());
            } catch (IOException e) {
                log.ifPresent(PrintStream::close);
                throw e;
            }
        }
        log.ifPresent(output::writeTo);
        return new ServerProcessFiles(output, log, options.pidFile());
    }

    /** Writes the pid beside the target and renames it into place, so a reader never sees half of it. */
    private static void writePid(Path file) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(temporary, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            throw new IOException("cannot write PidFile " + file + ": " + e.getMessage(), e);
        }
    }

    /** Sends the output's lines to standard error again, closes the log file and removes the pid file. */
    @Override
    public void close() throws IOException {
        if (log.isPresent()) {
            output.writeToStandardError();
            log.get().close();
        }
        if (pidFile.isPresent()) {
            Files.deleteIfExists(pidFile.get());
        }
    }
}
