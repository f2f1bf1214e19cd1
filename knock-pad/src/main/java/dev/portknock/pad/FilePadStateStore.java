package dev.portknock.pad;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A state store of small files in one directory, {@code <pad id>.<side>.state} each, replaced
 * atomically and durably (temporary file, force, rename, force the directory). Each file carries
 * a magic, a version, the side, the pad id it is bound to and a SHA-256 checksum, so a torn,
 * foreign or garbage file is reported naming the file instead of being trusted.
 *
 * <p>Compare-and-set holds a lock per state file, inside this JVM and (through a
 * {@code <pad id>.<side>.lock} file lock) against other processes on the same host. Gateways on
 * different hosts share a database store instead.
 *
 * <p>Nobody but the owner may change the state: a directory or state file that group or others
 * may write is refused with the {@code chmod} that fixes it, a directory the store creates is
 * made 0700 whatever the umask, and lock files are created 0600 and never opened through a
 * symbolic link. A server opens its directory with {@link #existing}, which creates nothing: a
 * directory that went missing is a lost state, not a new one.
 *
 * <p>State file, version 1, big-endian: magic {@code KNOCKCUR}, version (2), side (1: 1 client,
 * 2 server), reserved 0 (1), pad id (16), cursor (8), failures (8), last use present (1), last use
 * epoch seconds (8) and nanoseconds (4), SHA-256 of the preceding 57 bytes (32).
 */
public final class FilePadStateStore implements PadStateStore {
    static final byte[] MAGIC = "KNOCKCUR".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int BODY_LENGTH = 57;
    static final int LENGTH = BODY_LENGTH + 32;

    /** One lock per state file for the whole JVM: a file lock may be held only once per JVM. */
    private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final Path directory;

    /**
     * A store in a directory, created (0700) when missing: for a client, or to create a server's
     * first state.
     *
     * @throws IOException when the directory cannot be created, or group or others may write it
     */
    public FilePadStateStore(Path directory) throws IOException {
        this(directory, true);
    }

    private FilePadStateStore(Path directory, boolean create) throws IOException {
        Objects.requireNonNull(directory, "directory");
        if (create) {
            PrivateFiles.createDirectories(directory);
        } else if (!Files.exists(directory)) {
            throw new MissingStateException("state directory " + directory.toAbsolutePath() + " does not exist");
        }
        if (!Files.isDirectory(directory)) {
            throw new NotDirectoryException(directory.toAbsolutePath().toString());
        }
        this.directory = directory.toAbsolutePath();
        PrivateFiles.refuseWritableByOthers(this.directory, "state directory");
    }

    /**
     * A store in a directory that exists: for a server, which never creates its state.
     *
     * @throws MissingStateException when the directory does not exist
     * @throws IOException when it is not a directory, or group or others may write it
     */
    public static FilePadStateStore existing(Path directory) throws IOException {
        return new FilePadStateStore(directory, false);
    }

    /** The directory holding the state files. */
    public Path directory() {
        return directory;
    }

    /** The state file of a pad at a side. */
    public Path fileOf(PadId padId, Side side) {
        return directory.resolve(padId + "." + side.keyword() + ".state");
    }

    @Override
    public Optional<PadState> stored(PadId padId, Side side) throws IOException {
        Objects.requireNonNull(padId, "padId");
        Objects.requireNonNull(side, "side");
        Path file = fileOf(padId, side);
        byte[] bytes;
        try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS)) {
            PrivateFiles.refuseWritableByOthers(file, "state file");
            // one byte more than a state file holds tells a long file from a whole one
            ByteBuffer buffer = ByteBuffer.allocate(LENGTH + 1);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                continue;
            }
            bytes = Arrays.copyOf(buffer.array(), buffer.position());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(decode(file, bytes, padId, side));
    }

    @Override
    public void create(PadState initial) throws IOException {
        Objects.requireNonNull(initial, "initial");
        locked(initial.padId(), initial.side(), () -> {
            try {
                AtomicFiles.create(fileOf(initial.padId(), initial.side()), contentOf(initial));
            } catch (FileAlreadyExistsException e) {
                throw new StateExistsException(initial.padId(), initial.side());
            }
            return null;
        });
    }

    @Override
    public boolean compareAndSet(PadState expected, PadState updated) throws IOException {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(updated, "updated");
        PadStateStore.checkUpdate(expected, updated);
        return locked(expected.padId(), expected.side(), () -> {
            if (!read(expected.padId(), expected.side()).equals(expected)) {
                return false;
            }
            write(updated);
            return true;
        });
    }

    @Override
    public PadState recordFailures(PadId padId, Side side, long count, Instant at) throws IOException {
        Objects.requireNonNull(at, "at");
        PadStateStore.checkFailureCount(count);
        return locked(padId, side, () -> {
            PadState counted = stored(padId, side).orElseThrow(() -> MissingStateException.forPad(padId, side))
                    .withFailures(count, at);
            write(counted);
            return counted;
        });
    }

    @FunctionalInterface
    private interface LockedAction<T> {
        T run() throws IOException;
    }

    private <T> T locked(PadId padId, Side side, LockedAction<T> action) throws IOException {
        Path lockFile = directory.resolve(padId + "." + side.keyword() + ".lock");
        ReentrantLock lock = LOCKS.computeIfAbsent(lockFile, f -> new ReentrantLock());
        lock.lock();
        try (FileChannel channel = PrivateFiles.openNoFollow(lockFile)) {
            FileLock held = channel.lock();
            try {
                return action.run();
            } finally {
                held.release();
            }
        } finally {
            lock.unlock();
        }
    }

    private void write(PadState state) throws IOException {
        AtomicFiles.replace(fileOf(state.padId(), state.side()), contentOf(state));
    }

    private static AtomicFiles.Content contentOf(PadState state) {
        byte[] bytes = encode(state);
        return channel -> {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        };
    }

    static byte[] encode(PadState state) {
        ByteBuffer buffer = ByteBuffer.allocate(LENGTH);
        buffer.put(MAGIC).putShort((short) VERSION).put((byte) state.side().code()).put((byte) 0)
                .put(state.padId().bytes()).putLong(state.cursor()).putLong(state.failures());
        if (state.lastUse().isPresent()) {
            buffer.put((byte) 1).putLong(state.lastUse().get().getEpochSecond()).putInt(state.lastUse().get().getNano());
        } else {
            buffer.put((byte) 0).putLong(0).putInt(0);
        }
        MessageDigest sha = Checksums.sha256();
        sha.update(buffer.array(), 0, BODY_LENGTH);
        buffer.put(sha.digest());
        return buffer.array();
    }

    static PadState decode(Path file, byte[] bytes, PadId padId, Side side) throws PadFormatException {
        if (bytes.length < LENGTH) {
            throw new PadFormatException(file, "truncated state: " + bytes.length + " bytes, expected " + LENGTH);
        }
        if (bytes.length > LENGTH) {
            throw new PadFormatException(file, "trailing bytes: " + bytes.length + " bytes, expected " + LENGTH);
        }
        if (!Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new PadFormatException(file, "bad magic: not a state file");
        }
        MessageDigest sha = Checksums.sha256();
        sha.update(bytes, 0, BODY_LENGTH);
        if (!MessageDigest.isEqual(sha.digest(), Arrays.copyOfRange(bytes, BODY_LENGTH, LENGTH))) {
            throw new PadFormatException(file, "checksum mismatch: the state file is torn or damaged");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int version = Short.toUnsignedInt(buffer.getShort(8));
        if (version != VERSION) {
            throw new PadFormatException(file, "unknown state format version " + version + ", expected 1");
        }
        int sideCode = Byte.toUnsignedInt(buffer.get(10));
        if (sideCode != side.code()) {
            throw new PadFormatException(file, "state is not for the " + side.keyword() + " side (side byte "
                    + sideCode + ")");
        }
        if (buffer.get(11) != 0) {
            throw new PadFormatException(file, "reserved byte is " + Byte.toUnsignedInt(buffer.get(11)) + ", must be 0");
        }
        PadId stored = new PadId(Arrays.copyOfRange(bytes, 12, 28));
        if (!stored.equals(padId)) {
            throw new PadFormatException(file, "pad id mismatch: state belongs to pad " + stored + ", not " + padId);
        }
        long cursor = buffer.getLong(28);
        long failures = buffer.getLong(36);
        if (cursor < 0 || failures < 0) {
            throw new PadFormatException(file, "negative cursor or failure count");
        }
        int present = buffer.get(44);
        Optional<Instant> lastUse;
        if (present == 0) {
            lastUse = Optional.empty();
        } else if (present == 1) {
            try {
                lastUse = Optional.of(Instant.ofEpochSecond(buffer.getLong(45), buffer.getInt(53)));
            } catch (DateTimeException | ArithmeticException e) {
                throw new PadFormatException(file, "last use time out of range");
            }
        } else {
            throw new PadFormatException(file, "last use flag is " + present + ", must be 0 or 1");
        }
        return new PadState(padId, side, cursor, failures, lastUse);
    }
}
