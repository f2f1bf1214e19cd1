package dev.portknock.examples.cli;

import dev.portknock.examples.config.Options;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * knockd's {@code [options] LogFile} and {@code PidFile} for {@code knock server}: while open, log
 * lines (slf4j-simple writes to whatever {@code System.err} is) are appended to the log file, and
 * the pid file holds the process id. Closing restores standard error and removes the pid file.
 */
final class ServerProcessFiles implements AutoCloseable {
    private static final Charset LOG_FILE_CHARSET = StandardCharsets.UTF_8;

    private final Optional<PrintStream> log;
    private final PrintStream originalErr;
    private final Optional<Path> pidFile;

    private ServerProcessFiles(Optional<PrintStream> log, PrintStream originalErr, Optional<Path> pidFile) {
        this.log = log;
        this.originalErr = originalErr;
        this.pidFile = pidFile;
    }

    /**
     * Redirects logging to {@code LogFile} and writes {@code PidFile}, as the options say.
     *
     * @throws IOException naming the file that cannot be opened or written
     */
    static ServerProcessFiles open(Options options) throws IOException {
        PrintStream originalErr = System.err;
        Optional<PrintStream> log = Optional.empty();
        if (options.logFile().isPresent()) {
            Path file = options.logFile().get();
            try {
                log = Optional.of(new PrintStream(new FileOutputStream(file.toFile(), true), true, LOG_FILE_CHARSET));
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
        log.ifPresent(System::setErr);
        return new ServerProcessFiles(log, originalErr, options.pidFile());
    }

    /**
     * The charset log lines are written in: UTF-8 to the log file; to standard error, the one Java
     * 17's {@code System.err} is made with ({@code sun.stderr.encoding} when the JVM set it, for a
     * terminal, else the default charset).
     */
    Charset logCharset() {
        if (log.isPresent()) {
            return LOG_FILE_CHARSET;
        }
        return Optional.ofNullable(System.getProperty("sun.stderr.encoding")).filter(Charset::isSupported)
                .map(Charset::forName).orElse(Charset.defaultCharset());
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

    /** Restores standard error and removes the pid file. */
    @Override
    public void close() throws IOException {
        if (log.isPresent()) {
            System.setErr(originalErr);
            log.get().close();
        }
        if (pidFile.isPresent()) {
            Files.deleteIfExists(pidFile.get());
        }
    }
}
