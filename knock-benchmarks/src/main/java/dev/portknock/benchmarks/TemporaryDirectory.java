package dev.portknock.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A directory under {@code java.io.tmpdir} for the files a benchmark writes (pads, state files),
 * removed with its content when the trial ends. Point {@code -Djava.io.tmpdir} (through JMH's
 * {@code -jvmArgsAppend}) at the disk to measure; the default on this machine is on the work disk.
 */
final class TemporaryDirectory implements AutoCloseable {
    private final Path path;

    private TemporaryDirectory(Path path) {
        this.path = path;
    }

    /** A new empty directory whose name starts with the prefix. */
    static TemporaryDirectory create(String prefix) throws IOException {
        return new TemporaryDirectory(Files.createTempDirectory(prefix));
    }

    /** A new empty directory in {@code parent} (the file system to measure) whose name starts with the prefix. */
    static TemporaryDirectory createIn(Path parent, String prefix) throws IOException {
        return new TemporaryDirectory(Files.createTempDirectory(parent, prefix));
    }

    /** The directory. */
    Path path() {
        return path;
    }

    /** Deletes the directory and everything in it. */
    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove benchmark directory " + path, e);
        }
    }
}
