package dev.portknock.pad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock file's lifetime: kept open from a pad's first update until the store closes, one
 * descriptor in the JVM however many stores use it, closed by the last of them, and opened again
 * when its name no longer names the file held (the descriptors are counted in /proc/self/fd).
 * Also what an update that finds the state file as this store left it still checks.
 */
class FilePadStateStoreLockFileTest {
    private static final PadId PAD = TestPads.idOf("lock-file");
    private static final Instant T0 = Instant.parse("2026-12-05T08:00:00Z");

    @TempDir
    Path dir;

    @Test
    void theLockFileStaysOpenBetweenUpdatesAndClosesWithTheStore() throws IOException {
        FilePadStateStore store = storeWithFreshState();
        advance(store, 1);
        advance(store, 2);
        assertEquals(List.of(lockFile()), openFilesIn(dir));
        store.close();
        assertEquals(List.of(), openFilesIn(dir));
    }

    @Test
    void storesOfOneJvmShareOneDescriptorAndTheLastToCloseClosesIt() throws IOException {
        FilePadStateStore first = storeWithFreshState();
        FilePadStateStore second = new FilePadStateStore(dir);
        advance(first, 1);
        advance(second, 2);
        assertEquals(List.of(lockFile()), openFilesIn(dir));
        first.close();
        assertEquals(List.of(lockFile()), openFilesIn(dir));
        advance(second, 3);
        second.close();
        assertEquals(List.of(), openFilesIn(dir));
    }

    @Test
    void aLockFileRemovedBetweenUpdatesIsCreatedAgainAndTheOldOneClosed() throws IOException {
        FilePadStateStore store = storeWithFreshState();
        advance(store, 1);
        Files.delete(lockFile());
        advance(store, 2);
        assertTrue(Files.exists(lockFile()));
        // a descriptor of the removed file would read "<name> (deleted)"
        assertEquals(List.of(lockFile()), openFilesIn(dir));
        store.close();
    }

    @Test
    void aLockFileReplacedBetweenUpdatesIsOpenedAgain() throws IOException {
        FilePadStateStore store = storeWithFreshState();
        advance(store, 1);
        Path other = Files.createFile(dir.resolve("replacement"));
        Files.move(other, lockFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        advance(store, 2);
        assertEquals(List.of(lockFile()), openFilesIn(dir));
        store.close();
    }

    @Test
    void aClosedStoreRefusesToBeUsed() throws IOException {
        FilePadStateStore store = storeWithFreshState();
        store.close();
        PadState fresh = PadState.fresh(PAD, Side.SERVER);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> store.compareAndSet(fresh, fresh.advancedTo(1, T0)));
        assertEquals("the state store on " + dir.toAbsolutePath() + " is closed", e.getMessage());
    }

    @Test
    void closingAStoreTwiceDoesNothing() throws IOException {
        FilePadStateStore store = storeWithFreshState();
        FilePadStateStore other = new FilePadStateStore(dir);
        advance(store, 1);
        advance(other, 2);
        store.close();
        store.close();
        // a second close counted twice would have closed the descriptor the other store still uses
        assertEquals(List.of(lockFile()), openFilesIn(dir));
        other.close();
    }

    @Test
    void anUpdateSeesAChangeByAnotherStoreAfterItsOwnWrite() throws IOException {
        FilePadStateStore mine = storeWithFreshState();
        PadState written = advance(mine, 1);
        FilePadStateStore theirs = new FilePadStateStore(dir);
        assertTrue(theirs.compareAndSet(written, written.advancedTo(5, T0)));
        assertFalse(mine.compareAndSet(written, written.advancedTo(2, T0)));
        assertEquals(5, mine.read(PAD, Side.SERVER).cursor());
        mine.close();
        theirs.close();
    }

    @Test
    void anUpdateFindingItsOwnContentStillRefusesAFileOthersMayWrite() throws IOException {
        FilePadStateStore store = storeWithFreshState();
        PadState written = advance(store, 1);
        Path file = store.fileOf(PAD, Side.SERVER);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        IOException e = assertThrows(IOException.class, () -> store.compareAndSet(written, written.advancedTo(2, T0)));
        assertEquals("state file " + file + " is writable by group or others (mode 0666): run chmod go-w " + file,
                e.getMessage());
        store.close();
    }

    @Test
    void anUpdateFindingItsOwnContentDamagedReportsIt() throws IOException {
        FilePadStateStore store = storeWithFreshState();
        PadState written = advance(store, 1);
        Path file = store.fileOf(PAD, Side.SERVER);
        byte[] bytes = Files.readAllBytes(file);
        bytes[30] ^= 4;
        Files.write(file, bytes);
        PadFormatException e = assertThrows(PadFormatException.class,
                () -> store.compareAndSet(written, written.advancedTo(2, T0)));
        assertEquals("checksum mismatch: the state file is torn or damaged", e.problem());
        store.close();
    }

    private FilePadStateStore storeWithFreshState() throws IOException {
        FilePadStateStore store = new FilePadStateStore(dir);
        store.create(PadState.fresh(PAD, Side.SERVER));
        return store;
    }

    private static PadState advance(FilePadStateStore store, long to) throws IOException {
        PadState current = store.read(PAD, Side.SERVER);
        PadState updated = current.advancedTo(to, T0);
        assertTrue(store.compareAndSet(current, updated));
        return updated;
    }

    private Path lockFile() {
        return dir.toAbsolutePath().resolve(PAD + ".server.lock");
    }

    /** What this process's descriptors of files in {@code directory} name, "(deleted)" included. */
    private static List<Path> openFilesIn(Path directory) throws IOException {
        String prefix = directory.toAbsolutePath() + "/";
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.flatMap(fd -> {
                try {
                    return Stream.of(Files.readSymbolicLink(fd));
                } catch (IOException e) {
                    return Stream.empty(); // closed meanwhile (the listing's own descriptor)
                }
            }).filter(target -> target.toString().startsWith(prefix)).sorted().toList();
        }
    }
}
