package dev.portknock.pad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file store keeps the contract, survives restarts, and refuses torn, foreign and garbage files. */
class FilePadStateStoreTest extends PadStateStoreContract {
    @TempDir
    Path dir;

    @Override
    PadStateStore store() throws IOException {
        return new FilePadStateStore(dir);
    }

    @Test
    void aStateDirectoryIsNotSharedWithOtherHostsSoNeedsNoRefresh() throws IOException {
        assertEquals(Optional.empty(), store().sharedRefreshInterval());
    }

    @Test
    void stateSurvivesANewStoreOnTheSameDirectory() throws IOException {
        PadState state = store().read(PAD, Side.SERVER);
        PadState moved = state.advancedTo(42, T0).withFailures(1, T0);
        assertTrue(store().compareAndSet(state, moved));
        assertEquals(moved, new FilePadStateStore(dir).read(PAD, Side.SERVER));
    }

    @Test
    void stateFileIsNamedForPadAndSide() throws IOException {
        FilePadStateStore store = new FilePadStateStore(dir);
        assertEquals(dir.toAbsolutePath().resolve(PAD + ".client.state"), store.fileOf(PAD, Side.CLIENT));
    }

    @Test
    void noTemporaryFileIsLeftBehind() throws IOException {
        FilePadStateStore store = new FilePadStateStore(dir);
        PadState state = store.read(PAD, Side.SERVER);
        store.compareAndSet(state, state.advancedTo(1, T0));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.filter(f -> f.getFileName().toString().endsWith(".tmp")).count());
        }
    }

    @Test
    void tornFileIsReported() throws IOException {
        byte[] good = written();
        assertProblem(Arrays.copyOf(good, 40), "truncated state: 40 bytes, expected 89");
    }

    @Test
    void emptyFileIsReported() throws IOException {
        assertProblem(new byte[0], "truncated state: 0 bytes, expected 89");
    }

    @Test
    void oversizedFileIsReported() throws IOException {
        assertProblem(Arrays.copyOf(written(), 90), "trailing bytes: 90 bytes, expected 89");
    }

    @Test
    void garbageIsReported() throws IOException {
        byte[] garbage = new byte[89];
        new Random(5).nextBytes(garbage);
        assertProblem(garbage, "bad magic: not a state file");
    }

    @Test
    void aFlippedBitIsAChecksumMismatch() throws IOException {
        byte[] bytes = written();
        bytes[30] ^= 4;
        assertProblem(bytes, "checksum mismatch: the state file is torn or damaged");
    }

    @Test
    void aForeignPadsStateIsReported() throws IOException {
        byte[] foreign = FilePadStateStore.encode(new PadState(OTHER, Side.SERVER, 1, 0, Optional.empty()));
        assertProblem(foreign, "pad id mismatch: state belongs to pad " + OTHER + ", not " + PAD);
    }

    @Test
    void theOtherSidesStateIsReported() throws IOException {
        byte[] client = FilePadStateStore.encode(new PadState(PAD, Side.CLIENT, 1, 0, Optional.empty()));
        assertProblem(client, "state is not for the server side (side byte 1)");
    }

    @Test
    void unknownVersionIsReported() throws IOException {
        byte[] bytes = resealed(written(), 9, (byte) 2);
        assertProblem(bytes, "unknown state format version 2, expected 1");
    }

    @Test
    void nonZeroReservedByteIsReported() throws IOException {
        assertProblem(resealed(written(), 11, (byte) 7), "reserved byte is 7, must be 0");
    }

    @Test
    void negativeCursorIsReported() throws IOException {
        assertProblem(resealed(written(), 28, (byte) 0x80), "negative cursor or failure count");
    }

    @Test
    void badLastUseFlagIsReported() throws IOException {
        assertProblem(resealed(written(), 44, (byte) 2), "last use flag is 2, must be 0 or 1");
    }

    @Test
    void compareAndSetOverABrokenFileFailsLoudly() throws IOException {
        FilePadStateStore store = new FilePadStateStore(dir);
        Files.write(store.fileOf(PAD, Side.SERVER), new byte[12]);
        assertThrows(PadFormatException.class, () -> store.compareAndSet(
                PadState.fresh(PAD, Side.SERVER), PadState.fresh(PAD, Side.SERVER).advancedTo(1, T0)));
    }

    @Test
    void aDirectoryItCreatesIsPrivateWhateverTheUmask() throws IOException {
        Path created = dir.resolve("a/b/state");
        new FilePadStateStore(created);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(created)));
    }

    @Test
    void aStateDirectoryOthersMayWriteIsRefusedWithTheFix() throws IOException {
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        IOException e = assertThrows(IOException.class, () -> new FilePadStateStore(open));
        assertEquals("state directory " + open + " is writable by group or others (mode 0777): run chmod go-w " + open,
                e.getMessage());
    }

    @Test
    void anExistingStateDirectoryTheGroupMayWriteIsRefused() throws IOException {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwx---"));
        IOException e = assertThrows(IOException.class, () -> FilePadStateStore.existing(shared));
        assertEquals("state directory " + shared + " is writable by group or others (mode 0770): run chmod go-w "
                + shared, e.getMessage());
    }

    @Test
    void aStateFileOthersMayWriteIsRefusedWithTheFix() throws IOException {
        FilePadStateStore store = new FilePadStateStore(dir);
        store.create(PadState.fresh(PAD, Side.SERVER));
        Path file = store.fileOf(PAD, Side.SERVER);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        IOException e = assertThrows(IOException.class, () -> store.stored(PAD, Side.SERVER));
        assertEquals("state file " + file + " is writable by group or others (mode 0666): run chmod go-w " + file,
                e.getMessage());
    }

    @Test
    void aSymbolicLinkPlantedAsTheLockFileIsRefusedAndItsTargetLeftAlone() throws IOException {
        FilePadStateStore store = new FilePadStateStore(dir.resolve("state"));
        Path victim = dir.resolve("victim");
        Path lock = store.directory().resolve(PAD + ".server.lock");
        Files.createSymbolicLink(lock, victim);
        PadState fresh = PadState.fresh(PAD, Side.SERVER);
        IOException e = assertThrows(IOException.class, () -> store.compareAndSet(fresh, fresh.advancedTo(1, T0)));
        assertEquals(lock + " is a symbolic link; refusing to follow it", e.getMessage());
        assertEquals(false, Files.exists(victim));
    }

    @Test
    void aLockFileItCreatesIsPrivate() throws IOException {
        FilePadStateStore store = new FilePadStateStore(dir);
        store.create(PadState.fresh(PAD, Side.SERVER));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(PAD + ".server.lock"))));
    }

    @Test
    void aSymbolicLinkInPlaceOfAStateFileIsNotFollowed() throws IOException {
        FilePadStateStore store = new FilePadStateStore(dir.resolve("state"));
        Path elsewhere = dir.resolve("elsewhere.state");
        Files.write(elsewhere, FilePadStateStore.encode(new PadState(PAD, Side.SERVER, 0, 0, Optional.empty())));
        Files.createSymbolicLink(store.fileOf(PAD, Side.SERVER), elsewhere);
        assertThrows(IOException.class, () -> store.stored(PAD, Side.SERVER));
    }

    private byte[] written() {
        return FilePadStateStore.encode(new PadState(PAD, Side.SERVER, 17, 3, Optional.of(T0)));
    }

    /** Changes one byte and recomputes the checksum, so the check under test is the one that fires. */
    private static byte[] resealed(byte[] bytes, int offset, byte value) {
        byte[] changed = bytes.clone();
        changed[offset] = value;
        byte[] sum = Checksums.sha256().digest(Arrays.copyOf(changed, FilePadStateStore.BODY_LENGTH));
        System.arraycopy(sum, 0, changed, FilePadStateStore.BODY_LENGTH, sum.length);
        return changed;
    }

    private void assertProblem(byte[] bytes, String problem) throws IOException {
        FilePadStateStore store = new FilePadStateStore(dir);
        Path file = store.fileOf(PAD, Side.SERVER);
        Files.write(file, bytes);
        PadFormatException e = assertThrows(PadFormatException.class, () -> store.read(PAD, Side.SERVER));
        assertEquals(problem, e.problem());
        assertEquals(file, e.file());
    }
}
