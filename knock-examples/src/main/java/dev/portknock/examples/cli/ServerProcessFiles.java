package dev.portknock.examples.cli;

import dev.portknock.examples.config.Options;
import dev.portknock.examples.logging.LogOutput;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
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
                // never through a symbolic link: one planted in the log's place would have us append to its target
                log = Optional.of(new PrintStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS), true, StandardCharsets.UTF_8));
            } catch (IOException e) {
                String reason = Files.isSymbolicLink(file) ? "it is a symbolic link; refusing to follow it"
                        : e.getMessage();
                throw new IOException("cannot open LogFile " + file + ": " + reason, e);
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

    /**
     * Writes the pid beside the target and renames it into place, so a reader never sees half of
     * it. A symbolic link in the pid file's place is refused; the temporary file gets a fresh name
     * (created exclusively), so no link planted beside it is followed either.
     */
    private static void writePid(Path file) throws IOException {
        if (Files.isSymbolicLink(file)) {
            throw new IOException("cannot write PidFile " + file + ": it is a symbolic link; refusing to follow it");
        }
        Path directory = file.toAbsolutePath().getParent();
        Path temporary = null;
        try {
            temporary = Files.createTempFile(directory, "." + file.getFileName() + ".", ".tmp");
            Files.write(temporary, (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII),
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (temporary != null) {
                Files.deleteIfExists(temporary);
            }
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
