package dev.portknock.pad;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A state store of small files in one directory, {@code <pad id>.<side>.state} each, replaced
 * atomically and durably (temporary file, force, rename, force the directory; the first two may be
 * done ahead, {@link #prepare}). Each file carries
 * a magic, a version, the side, the pad id it is bound to and a SHA-256 checksum, so a torn,
 * foreign or garbage file is reported naming the file instead of being trusted.
 *
 * <p>Compare-and-set holds a lock per state file, inside this JVM and (through a
 * {@code <pad id>.<side>.lock} file lock) against other processes on the same host. Gateways on
 * different hosts share a database store instead. The lock file stays open from a pad's first
 * update until the store is {@linkplain #close() closed} (it is locked only during an update), one
 * descriptor per lock file in the JVM however many stores use it; a store that is never closed
 * keeps them until the JVM exits.
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
public final class FilePadStateStore implements PadStateStore, Closeable {
    static final byte[] MAGIC = "KNOCKCUR".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int BODY_LENGTH = 57;
    static final int LENGTH = BODY_LENGTH + 32;

    private static final Set<OpenOption> READ_NO_FOLLOW = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

    private final Path directory;
    /**
     * The files of each pad at each side this store has used, their names made once: by side,
     * then by pad id (whose equals is written out; a record key's generated equals would spin
     * method handles up on a server's first knock).
     */
    private final Map<Side, ConcurrentHashMap<PadId, StateFiles>> files = new EnumMap<>(Side.class);
    /** Whether {@link #close()} was called; set and read under {@code files}' monitor where it matters. */
    private volatile boolean closed;

    /**
     * A pad's state file at a side, the lock file that guards its updates, and what this store
     * last wrote to it: an update that finds the file as this store left it (the same bytes)
     * takes the state it wrote instead of checking and decoding the bytes again. Identical bytes
     * decode to the identical state, so nothing is trusted that was not checked when written.
     */
    private static final class StateFiles {
        final Path state;
        /** Where {@link #prepare} writes a state ahead: a hidden name that is never read as a state. */
        final Path ahead;
        final LockFile lock;
        final PadId padId;
        final Side side;
        /** Under the lock: the content last written, and its state; null before the first write. */
        private byte[] written;
        private PadState writtenState;
        /** Under the lock: the content written ahead since the last update; null when none. */
        private byte[] aheadContent;

        StateFiles(Path state, Path ahead, LockFile lock, PadId padId, Side side) {
            this.state = state;
            this.ahead = ahead;
            this.lock = lock;
            this.padId = padId;
            this.side = side;
        }

        /** Under the lock: the stored state, read from the file (its mode and content checked). */
        Optional<PadState> read() throws IOException {
            Optional<byte[]> bytes = readBytes(state);
            if (bytes.isEmpty()) {
                return Optional.empty();
            }
            if (written != null && Arrays.equals(bytes.get(), written)) {
                return Optional.of(writtenState);
            }
            return Optional.of(decode(state, bytes.get(), padId, side));
        }

        /**
         * Under the lock: replaces the file by the state, durably; by renaming the file written
         * ahead into place when it holds exactly this state.
         */
        void replace(PadState updated) throws IOException {
            byte[] content = encode(updated);
            // forgotten first: should the write fail part-way, the next read decodes what it finds
            written = null;
            byte[] prepared = aheadContent;
            // whatever happens, this update makes the file written ahead stale
            aheadContent = null;
            if (prepared != null && Arrays.equals(prepared, content) && aheadHolds(content)) {
                AtomicFiles.install(ahead, state);
            } else {
                AtomicFiles.replace(state, content);
            }
            remember(content, updated);
        }

        /** Under the lock: writes the state ahead, flushed, for a later {@link #replace} to rename. */
        void prepare(PadState next) throws IOException {
            byte[] content = encode(next);
            aheadContent = null;
            AtomicFiles.writeAhead(ahead, content);
            aheadContent = content;
        }

        /**
         * Whether the file written ahead still holds the content, with the mode a state file must
         * have: it is checked as a state file would be read, since the rename makes it one.
         */
        private boolean aheadHolds(byte[] content) {
            try {
                Optional<byte[]> found = readBytes(ahead);
                return found.isPresent() && Arrays.equals(found.get(), content);
            } catch (IOException e) {
                return false; // replaced the usual way, from a fresh temporary file
            }
        }

        /** Under the lock: creates the file with the state, durably, refusing when it exists. */
        void create(PadState initial) throws IOException {
            byte[] content = encode(initial);
            AtomicFiles.create(state, content);
            remember(content, initial);
        }

        private void remember(byte[] content, PadState stored) {
            written = content;
            writtenState = stored;
        }
    }

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
        for (Side side : Side.values()) {
            files.put(side, new ConcurrentHashMap<>());
        }
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
        Path file = filesOf(padId, side).state;
        Optional<byte[]> bytes = readBytes(file);
        return bytes.isEmpty() ? Optional.empty() : Optional.of(decode(file, bytes.get(), padId, side));
    }

    /** The bytes of a state file (at most one more than a whole one), its mode checked; empty when there is none. */
    private static Optional<byte[]> readBytes(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, READ_NO_FOLLOW)) {
            PrivateFiles.refuseWritableByOthers(file, "state file");
            // one byte more than a state file holds tells a long file from a whole one
            ByteBuffer buffer = ByteBuffer.allocate(LENGTH + 1);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                continue;
            }
            return Optional.of(Arrays.copyOf(buffer.array(), buffer.position()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void create(PadState initial) throws IOException {
        Objects.requireNonNull(initial, "initial");
        StateFiles files = filesOf(initial.padId(), initial.side());
        files.lock.lock();
        try {
            files.create(initial);
        } catch (FileAlreadyExistsException e) {
            throw new StateExistsException(initial.padId(), initial.side());
        } finally {
            files.lock.unlock();
        }
    }

    @Override
    public boolean compareAndSet(PadState expected, PadState updated) throws IOException {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(updated, "updated");
        PadStateStore.checkUpdate(expected, updated);
        StateFiles files = filesOf(expected.padId(), expected.side());
        files.lock.lock();
        try {
            if (!files.read().orElse(PadState.fresh(expected.padId(), expected.side())).equals(expected)) {
                return false;
            }
            files.replace(updated);
            return true;
        } finally {
            files.lock.unlock();
        }
    }

    /**
     * Writes {@code next} ahead, forced to the disk, in the hidden file
     * {@code .<pad id>.<side>.state.next} beside the pad's state file; a later
     * {@link #compareAndSet} that stores exactly {@code next}, before any other update of the pad,
     * checks that file's content and renames it over the state file, then forces the directory:
     * one flush at the update instead of two. The file is never read as a state; one may stay
     * behind when the store stops.
     */
    @Override
    public boolean prepare(PadState next) throws IOException {
        Objects.requireNonNull(next, "next");
        StateFiles files = filesOf(next.padId(), next.side());
        files.lock.lock();
        try {
            files.prepare(next);
            return true;
        } finally {
            files.lock.unlock();
        }
    }

    @Override
    public PadState recordFailures(PadId padId, Side side, long count, Instant at) throws IOException {
        Objects.requireNonNull(at, "at");
        PadStateStore.checkFailureCount(count);
        StateFiles files = filesOf(padId, side);
        files.lock.lock();
        try {
            PadState counted = files.read().orElseThrow(() -> MissingStateException.forPad(padId, side))
                    .withFailures(count, at);
            files.replace(counted);
            return counted;
        } finally {
            files.lock.unlock();
        }
    }

    /**
     * Closes the lock files this store kept open (each when no other store of the JVM uses it).
     * The store may not be used afterwards ({@link IllegalStateException}); closing it again does
     * nothing.
     *
     * @throws IOException when a lock file cannot be closed
     */
    @Override
    public void close() throws IOException {
        List<StateFiles> used;
        synchronized (files) {
            if (closed) {
                return;
            }
            closed = true;
            used = new ArrayList<>();
            for (ConcurrentHashMap<PadId, StateFiles> ofSide : files.values()) {
                used.addAll(ofSide.values());
                ofSide.clear();
            }
        }
        IOException failed = null;
        for (StateFiles each : used) {
            try {
                each.lock.release();
            } catch (IOException e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** The files of a pad at a side; its lock file is used by this store from now until it closes. */
    private StateFiles filesOf(PadId padId, Side side) {
        ConcurrentHashMap<PadId, StateFiles> ofSide = files.get(side);
        StateFiles known = ofSide.get(padId);
        if (known != null && !closed) {
            return known;
        }
        synchronized (files) {
            if (closed) {
                throw new IllegalStateException("the state store on " + directory + " is closed");
            }
            String base = padId + "." + side.keyword();
            return ofSide.computeIfAbsent(padId, id -> new StateFiles(fileOf(padId, side),
                    directory.resolve("." + base + ".state.next"), LockFile.use(directory.resolve(base + ".lock")),
                    padId, side));
        }
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
        buffer.put(Checksums.sha256Of(buffer.array(), 0, BODY_LENGTH));
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
        byte[] sum = Checksums.sha256Of(bytes, 0, BODY_LENGTH);
        if (!MessageDigest.isEqual(sum, Arrays.copyOfRange(bytes, BODY_LENGTH, LENGTH))) {
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
