package dev.portknock.pad;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Durable, atomic file replacement: write a temporary file in the target's directory, force it,
 * rename it over (or link it to) the target, force the directory. A reader sees the old file or
 * the new one, never a part; a crash leaves at most a temporary file whose name is not the target's.
 * A replacement may also be split in two ({@link #writeAhead}, then {@link #install}), so that the
 * file's own flush is done before the moment the replacement is wanted.
 */
final class AtomicFiles {
    /** Writes the content of a file through an open channel. */
    @FunctionalInterface
    interface Content {
        void writeTo(FileChannel channel) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Creates {@code target}, refusing when it exists (the check and the creation are one link call). */
    static void create(Path target, Content content) throws IOException {
        write(target, content, false);
    }

    /** Creates or atomically replaces {@code target}. */
    static void replace(Path target, Content content) throws IOException {
        write(target, content, true);
    }

    /** Creates {@code target} holding {@code bytes}, refusing when it exists. */
    static void create(Path target, byte[] bytes) throws IOException {
        write(target, new Bytes(bytes), false);
    }

    /** Creates or atomically replaces {@code target} by a file holding {@code bytes}. */
    static void replace(Path target, byte[] bytes) throws IOException {
        write(target, new Bytes(bytes), true);
    }

    /**
     * Content given whole, written with one call. A class, not a lambda: the state store writes
     * one on a server's first knock, where spinning a lambda's class up cost milliseconds.
     */
    private static final class Bytes implements Content {
        private final byte[] bytes;

        Bytes(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public void writeTo(FileChannel channel) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }

    private static void write(Path target, Content content, boolean replace) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        if (!replace && Files.exists(absolute, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(absolute.toString(), null, "refusing to overwrite");
        }
        Path temporary;
        Optional<FileChannel> created;
        do {
            // one open that creates the file (0600, never through a symbolic link), where
            // Files.createTempFile and a second open to write it took twice the system calls; the
            // name built without +, whose first use spins method handles up (on a server's first knock)
            temporary = directory.resolve(new StringBuilder(".").append(absolute.getFileName()).append('.')
                    .append(Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)).append(".tmp")
                    .toString());
            created = PrivateFiles.createNew(temporary);
        } while (created.isEmpty());
        boolean done = false;
        try {
            writeForced(created.get(), content);
            if (replace) {
                renameOver(temporary, absolute);
            } else {
                // a hard link fails when the target exists, unlike rename, which would replace it
                Files.createLink(absolute, temporary);
                Files.delete(temporary);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(temporary);
            }
        }
        forceDirectory(directory);
    }

    /**
     * The first half of {@link #replace}, done ahead of time: writes and forces {@code ahead}, a
     * file beside a target that {@link #install} may later rename over it. Whatever the name held
     * is replaced (a symbolic link there is removed, never followed).
     */
    static void writeAhead(Path ahead, byte[] bytes) throws IOException {
        Files.deleteIfExists(ahead);
        FileChannel created = PrivateFiles.createNew(ahead).orElseThrow(() -> new FileAlreadyExistsException(
                ahead.toString(), null, "created by someone else meanwhile"));
        boolean done = false;
        try {
            writeForced(created, new Bytes(bytes));
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(ahead);
            }
        }
    }

    /**
     * The second half of {@link #replace}: renames a file that {@link #writeAhead} wrote and forced
     * over {@code target}, then forces the directory. The caller checks first that it holds the
     * content wanted.
     */
    static void install(Path ahead, Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        renameOver(ahead.toAbsolutePath(), absolute);
        forceDirectory(absolute.getParent());
    }

    /** Writes the content through the channel, forces it to the disk and closes the channel. */
    private static void writeForced(FileChannel channel, Content content) throws IOException {
        try (FileChannel written = channel) {
            content.writeTo(written);
            written.force(true);
        }
    }

    private static void renameOver(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException(target.getParent() + ": the file system cannot rename atomically", e);
        }
    }

    /** Makes a rename in the directory durable (a no-op where directories cannot be opened). */
    private static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            if (System.getProperty("os.name", "").startsWith("Windows")) {
                return;
            }
            throw e;
        }
    }
}
