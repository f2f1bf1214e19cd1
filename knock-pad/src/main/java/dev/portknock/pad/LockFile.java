package dev.portknock.pad;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A lock file that excludes other threads of this JVM and other processes on the host from a
 * state file while one of them updates it: a {@link ReentrantLock} for the JVM, then the file's
 * lock for other processes.
 *
 * <p>The file stays open between updates (opening and closing it was a third of an update's CPU
 * time), but is locked only during one: another process waits for an update, never for this
 * process's life. There is one instance per lock file in the JVM, shared by every store that uses
 * it, and its channel is closed only when the last of them lets go ({@link #release}), under the
 * JVM lock: a file lock belongs to the process, and closing any channel of the file would drop
 * it under another thread's update. A store that is never closed keeps its lock files open until
 * the JVM exits, one descriptor per file however many stores used it.
 *
 * <p>Held open, the file could be removed or replaced under us (by hand, or by a tool that cleans
 * old files), and another process would then lock a new file of the same name: so each update,
 * once locked, checks that the name still names the file this channel holds, and opens it again
 * when not. When it is opened, the name is looked up before and after, and the two must agree, so
 * that the channel is known to hold the file the name named.
 */
final class LockFile {
    /** Every lock file of this JVM, by path: a file lock may be held only once per JVM. */
    private static final ConcurrentHashMap<Path, LockFile> ALL = new ConcurrentHashMap<>();

    /** Stands for the key of every file on a platform without file keys. */
    private static final Object NO_KEY = new Object();

    private final Path path;
    private final ReentrantLock lock = new ReentrantLock();
    /** The open lock file; null while no store uses it. Under {@link #lock}, as the fields below. */
    private FileChannel channel;
    /** Which file the channel holds ({@link #keyAt}); null while it is closed. */
    private Object key;
    /** Stores using the file. */
    private int users;
    /** The file's lock while {@link #lock()} holds it. */
    private FileLock held;

    private LockFile(Path path) {
        this.path = path;
    }

    /** The lock file at {@code path} (absolute), counted as used by one more store until {@link #release}. */
    static LockFile use(Path path) {
        LockFile file = ALL.computeIfAbsent(path, LockFile::new);
        file.lock.lock();
        try {
            file.users++;
        } finally {
            file.lock.unlock();
        }
        return file;
    }

    /** The path of the lock file. */
    Path path() {
        return path;
    }

    /**
     * Takes the JVM lock and then the file's lock, opening the file (created 0600, never through a
     * symbolic link) when it is not open or no longer the file at its name. Used as a
     * {@link ReentrantLock} is: {@code lock(); try { ... } finally { unlock(); }} (no lambda: on
     * a server's first knock, spinning one up cost more than the update's own work).
     *
     * @throws IllegalStateException when no open store uses the file
     */
    void lock() throws IOException {
        lock.lock();
        boolean locked = false;
        try {
            if (users == 0) {
                throw new IllegalStateException("lock file " + path + " is used by no open state store");
            }
            held = lockFile();
            locked = true;
        } finally {
            if (!locked) {
                lock.unlock();
            }
        }
    }

    /** Lets go of the file's lock and then of the JVM lock. */
    void unlock() throws IOException {
        try {
            FileLock release = held;
            held = null;
            release.release();
        } finally {
            lock.unlock();
        }
    }

    /** One store no longer uses the file; the last closes it. */
    void release() throws IOException {
        lock.lock();
        try {
            if (users == 0) {
                throw new IllegalStateException("lock file " + path + " released more often than used");
            }
            users--;
            if (users == 0) {
                closeChannel();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether the file is open now (for tests of its lifetime). */
    boolean isOpen() {
        lock.lock();
        try {
            return channel != null;
        } finally {
            lock.unlock();
        }
    }

    /** Under the JVM lock: the file's lock, on the file its name names. */
    private FileLock lockFile() throws IOException {
        while (true) {
            if (channel == null) {
                open();
            }
            FileLock held = channel.lock();
            boolean same = false;
            try {
                same = key.equals(keyAt());
            } finally {
                if (!same) {
                    held.release();
                    closeChannel();
                }
            }
            if (same) {
                return held;
            }
        }
    }

    /** Under the JVM lock: opens the file, known to be the one named when the name names it before and after. */
    private void open() throws IOException {
        while (true) {
            Object before = keyAt();
            FileChannel opened = PrivateFiles.openNoFollow(path);
            Object after;
            try {
                after = keyAt();
            } catch (IOException | RuntimeException e) {
                opened.close();
                throw e;
            }
            if (before != null && before.equals(after)) {
                channel = opened;
                key = after;
                return;
            }
            // created just now (nothing was named before), or replaced while it was opened: again
            opened.close();
        }
    }

    /**
     * The key of the file the name names now ({@link BasicFileAttributes#fileKey()}), null when
     * there is none; {@link #NO_KEY} for every file where the platform gives no keys (then only
     * a removal is noticed).
     */
    private Object keyAt() throws IOException {
        try {
            Object fileKey = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            return fileKey == null ? NO_KEY : fileKey;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private void closeChannel() throws IOException {
        FileChannel open = channel;
        channel = null;
        key = null;
        if (open != null) {
            open.close();
        }
    }
}
