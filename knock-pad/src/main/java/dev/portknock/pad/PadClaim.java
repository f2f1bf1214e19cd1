package dev.portknock.pad;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A server's claim on a pad, held while it serves the pad, so that no other door on the host
 * serves it too: one pad under two states (two state directories, two servers) would accept
 * every knock twice. The claim is an exclusive lock on {@code <lock directory>/<pad id>.lock},
 * which the operating system releases when the process ends however it ends, so a crash leaves
 * no stale claim. The file holds its owner's description and process id, so a refusal names the
 * door that holds the pad.
 *
 * <p>The lock directory is created 0700; a lock directory or file that is a symbolic link, or a
 * directory that another user owns or that group or others may write, is refused.
 */
public final class PadClaim implements AutoCloseable {
    /** The most of a holder's description a refusal quotes. */
    private static final int DESCRIPTION_LIMIT = 512;
    /** The claims this JVM holds, by lock file: a file lock may be held only once per JVM. */
    private static final Map<Path, PadClaim> HELD = new ConcurrentHashMap<>();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private PadClaim(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Claims a pad for as long as the claim is open.
     *
     * @param lockDirectory where claims live; created 0700 when missing
     * @param padId the pad
     * @param owner who claims it, for a refusal of someone else (for example the door and its
     *     configuration file); the process id is added
     * @throws IOException when another door holds the pad (the message names it), or the lock
     *     directory or file cannot be used safely
     */
    public static PadClaim acquire(Path lockDirectory, PadId padId, String owner) throws IOException {
        Objects.requireNonNull(lockDirectory, "lockDirectory");
        Objects.requireNonNull(padId, "padId");
        Objects.requireNonNull(owner, "owner");
        Path directory = prepare(lockDirectory.toAbsolutePath());
        Path file = directory.resolve(padId + ".lock");
        synchronized (HELD) {
            PadClaim mine = HELD.get(file);
            if (mine != null) {
                throw claimed(padId, mine.description());
            }
            FileChannel channel = PrivateFiles.openNoFollow(file, StandardOpenOption.READ);
            try {
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    throw claimed(padId, read(channel));
                }
                byte[] description = (owner + " (pid " + ProcessHandle.current().pid() + ")\n")
                        .getBytes(StandardCharsets.UTF_8);
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(description), 0);
                channel.force(true);
                PadClaim claim = new PadClaim(file, channel, lock);
                HELD.put(file, claim);
                return claim;
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }
    }

    /**
     * Where claims live by default: {@code /run/portknock} for root, else
     * {@code $XDG_RUNTIME_DIR/portknock}, else {@code portknock-<user>} in the temporary directory.
     */
    public static Path defaultLockDirectory() {
        return defaultLockDirectory(System.getProperty("user.name", ""), System.getenv(),
                Path.of(System.getProperty("java.io.tmpdir")));
    }

    static Path defaultLockDirectory(String user, Map<String, String> environment, Path temporary) {
        if (user.equals("root")) {
            return Path.of("/run/portknock");
        }
        String runtime = environment.getOrDefault("XDG_RUNTIME_DIR", "");
        if (!runtime.isEmpty()) {
            return Path.of(runtime, "portknock");
        }
        return temporary.resolve("portknock-" + user);
    }

    /** The lock file of the claim. */
    public Path file() {
        return file;
    }

    /** Releases the pad. The file stays: removing it could let two later claims lock two files. */
    @Override
    public void close() throws IOException {
        synchronized (HELD) {
            if (HELD.remove(file, this)) {
                try {
                    lock.release();
                } finally {
                    channel.close();
                }
            }
        }
    }

    private String description() throws IOException {
        return read(channel);
    }

    private static Path prepare(Path directory) throws IOException {
        if (Files.isSymbolicLink(directory)) {
            throw new IOException("lock directory " + directory + " is a symbolic link; refusing to follow it");
        }
        PrivateFiles.createDirectories(directory);
        PosixFileAttributeView view = Files.getFileAttributeView(directory, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view != null) {
            String owner = view.readAttributes().owner().getName();
            String user = System.getProperty("user.name", "");
            if (!owner.equals(user)) {
                throw new IOException("lock directory " + directory + " belongs to " + owner + ", not " + user);
            }
        }
        PrivateFiles.refuseWritableByOthers(directory, "lock directory");
        return directory;
    }

    private static IOException claimed(PadId padId, String holder) {
        return new IOException("pad " + padId + " is already served by " + holder
                + "; one pad under two states would accept every knock twice");
    }

    /** The holder's description, made printable: the file is only as trustworthy as the directory. */
    private static String read(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(DESCRIPTION_LIMIT);
        while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
            continue;
        }
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip()
                .replaceAll("\\p{Cntrl}", "?");
        return text.isEmpty() ? "another process" : text;
    }
}
