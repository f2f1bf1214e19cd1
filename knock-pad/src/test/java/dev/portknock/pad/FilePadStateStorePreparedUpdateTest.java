package dev.portknock.pad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file store's prepared update: written and flushed ahead in a hidden file, renamed over the
 * state file by the compare-and-set that stores exactly it, and never trusted otherwise.
 */
class FilePadStateStorePreparedUpdateTest {
    private static final PadId PAD = TestPads.idOf("prepared");
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456789Z");

    @TempDir
    Path dir;
    private FilePadStateStore store;
    private PadState used;
    private PadState next;
    private Path ahead;

    @BeforeEach
    void storeWithAUsedPad() throws IOException {
        store = new FilePadStateStore(dir);
        used = PadState.fresh(PAD, Side.SERVER).advancedTo(4, T0);
        store.create(used);
        next = used.movedTo(5);
        ahead = dir.toAbsolutePath().resolve("." + PAD + ".server.state.next");
    }

    @Test
    void theUpdateIsWrittenAheadInAHiddenPrivateFile() throws IOException {
        assertTrue(store.prepare(next));
        assertArrayEquals(FilePadStateStore.encode(next), Files.readAllBytes(ahead));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ahead)));
    }

    @Test
    void theCompareAndSetThatStoresItRenamesTheFileWrittenAhead() throws IOException {
        store.prepare(next);
        assertTrue(store.compareAndSet(used, next));
        assertFalse(Files.exists(ahead));
        assertEquals(next, new FilePadStateStore(dir).read(PAD, Side.SERVER));
    }

    @Test
    void aStoreStartedAfterACrashBeforeTheUpdateReadsTheEarlierState() throws IOException {
        store.prepare(next);
        assertEquals(used, new FilePadStateStore(dir).read(PAD, Side.SERVER));
    }

    @Test
    void anotherUpdateInBetweenLeavesTheFileWrittenAheadUnused() throws IOException {
        store.prepare(next);
        PadState counted = store.recordFailures(PAD, Side.SERVER, 1, T0);
        // the same bytes as prepared, but the state they were prepared from is gone
        PadState sameAsPrepared = new PadState(PAD, Side.SERVER, 5, 0, Optional.of(T0));
        assertTrue(store.compareAndSet(counted, sameAsPrepared));
        assertTrue(Files.exists(ahead));
        assertEquals(sameAsPrepared, store.read(PAD, Side.SERVER));
    }

    @Test
    void aFileWrittenAheadThatWasChangedOnTheDiskIsNotInstalled() throws IOException {
        store.prepare(next);
        Files.write(ahead, "garbage".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertTrue(store.compareAndSet(used, next));
        assertEquals(next, new FilePadStateStore(dir).read(PAD, Side.SERVER));
    }

    @Test
    void aFileWrittenAheadThatOthersMayWriteIsNotInstalled() throws IOException {
        store.prepare(next);
        Files.setPosixFilePermissions(ahead, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertTrue(store.compareAndSet(used, next));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(store.fileOf(PAD, Side.SERVER))));
        assertEquals(next, new FilePadStateStore(dir).read(PAD, Side.SERVER));
    }

    @Test
    void aFileWrittenAheadThatWentMissingLeavesTheUsualUpdate() throws IOException {
        store.prepare(next);
        Files.delete(ahead);
        assertTrue(store.compareAndSet(used, next));
        assertEquals(next, new FilePadStateStore(dir).read(PAD, Side.SERVER));
    }

    @Test
    void aSymbolicLinkAtTheNameWrittenAheadIsReplacedNotFollowed() throws IOException {
        Path victim = dir.resolve("victim");
        Files.write(victim, new byte[] {1, 2, 3});
        Files.createSymbolicLink(ahead, victim);
        store.prepare(next);
        assertFalse(Files.isSymbolicLink(ahead));
        assertTrue(Files.isRegularFile(ahead, LinkOption.NOFOLLOW_LINKS));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(victim));
    }
}
