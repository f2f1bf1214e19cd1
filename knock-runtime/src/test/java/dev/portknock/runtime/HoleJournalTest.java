package dev.portknock.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HoleJournalTest {
    private static final Instant AT = Instant.parse("2026-12-04T23:00:00Z");

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("holes");
    }

    @Test
    void aMissingFileIsAnEmptyJournal() throws IOException {
        assertEquals(List.of(), HoleJournal.open(file()).unclaimed());
    }

    @Test
    void openingsRecordedAreReadBackByTheNextProcess() throws IOException {
        HoleJournal journal = HoleJournal.open(file());
        journal.add("ssh door", 22, InetAddress.getByName("2001:db8::2"), AT);
        HoleJournal.Entry second = journal.add("web", 0, InetAddress.getByName("192.0.2.1"), AT.plusSeconds(5));
        journal.update(second.id(), AT.plusSeconds(9));
        assertEquals(List.of(new HoleJournal.Entry(0, "ssh door", 22, InetAddress.getByName("2001:db8::2"), AT),
                new HoleJournal.Entry(1, "web", 0, InetAddress.getByName("192.0.2.1"), AT.plusSeconds(9))),
                HoleJournal.open(file()).unclaimed());
    }

    @Test
    void aRemovedOpeningIsGone() throws IOException {
        HoleJournal journal = HoleJournal.open(file());
        HoleJournal.Entry entry = journal.add("web", 0, InetAddress.getByName("192.0.2.1"), AT);
        journal.remove(entry.id());
        assertEquals("portknock holes 1\n", Files.readString(file()));
    }

    @Test
    void theFileIsReadableByItsOwnerOnly() throws IOException {
        HoleJournal.open(file()).add("web", 0, InetAddress.getByName("192.0.2.1"), AT);
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file()));
    }

    @Test
    void aServerClaimsTheOpeningsOfItsDoorsOnce() throws IOException {
        HoleJournal journal = HoleJournal.open(file());
        journal.add("a", 0, InetAddress.getByName("192.0.2.1"), AT);
        journal.add("b", 0, InetAddress.getByName("192.0.2.1"), AT);
        HoleJournal read = HoleJournal.open(file());
        assertEquals(List.of("a"), read.claim(Set.of("a")).stream().map(HoleJournal.Entry::door).toList());
        assertEquals(List.of(), read.claim(Set.of("a")));
        assertEquals(List.of("b"), read.unclaimed().stream().map(HoleJournal.Entry::door).toList());
    }

    @Test
    void newIdsFollowTheHighestRead() throws IOException {
        Files.writeString(file(), "portknock holes 1\n41 " + AT + " 0 192.0.2.1 web\n");
        assertEquals(42, HoleJournal.open(file()).add("web", 0, InetAddress.getByName("192.0.2.1"), AT).id());
    }

    @Test
    void aTruncatedFileIsRefusedNamingIt() throws IOException {
        Files.writeString(file(), "portknock holes 1\n0 " + AT + " 0 192.0");
        IOException e = assertThrows(IOException.class, () -> HoleJournal.open(file()));
        assertEquals(file() + ": truncated: the last line has no end", e.getMessage());
    }

    @Test
    void aFileWithoutTheHeaderIsRefused() throws IOException {
        Files.writeString(file(), "[options]\n");
        IOException e = assertThrows(IOException.class, () -> HoleJournal.open(file()));
        assertEquals(file() + ":1: expected 'portknock holes 1', not a journal of open holes", e.getMessage());
    }

    @Test
    void aGarbageLineIsRefusedNamingFileAndLine() throws IOException {
        Files.writeString(file(), "portknock holes 1\n0 " + AT + " 0 192.0.2.1 web\n1 yesterday 0 192.0.2.1 web\n");
        IOException e = assertThrows(IOException.class, () -> HoleJournal.open(file()));
        assertTrue(e.getMessage().startsWith(file() + ":3: bad opening: "), e.getMessage());
    }

    @Test
    void aHostNameAsSourceIsRefusedWithoutALookup() throws IOException {
        Files.writeString(file(), "portknock holes 1\n0 " + AT + " 0 gateway.example web\n");
        IOException e = assertThrows(IOException.class, () -> HoleJournal.open(file()));
        assertEquals(file() + ":2: bad opening: bad id, service or source", e.getMessage());
    }

    @Test
    void aLineWithTooFewFieldsIsRefused() throws IOException {
        Files.writeString(file(), "portknock holes 1\n0 " + AT + " 0\n");
        IOException e = assertThrows(IOException.class, () -> HoleJournal.open(file()));
        assertEquals(file() + ":2: expected 'ID STOP-AT SERVICE SOURCE DOOR'", e.getMessage());
    }

    @Test
    void aDuplicateIdIsRefused() throws IOException {
        Files.writeString(file(), "portknock holes 1\n3 " + AT + " 0 192.0.2.1 a\n3 " + AT + " 0 192.0.2.1 b\n");
        IOException e = assertThrows(IOException.class, () -> HoleJournal.open(file()));
        assertEquals(file() + ":3: id 3 appears twice", e.getMessage());
    }

    @Test
    void anOversizedFileIsRefused() throws IOException {
        Files.write(file(), new byte[HoleJournal.MAX_SIZE + 1]);
        IOException e = assertThrows(IOException.class, () -> HoleJournal.open(file()));
        assertEquals(file() + ": larger than 16777216 bytes, not a journal of open holes", e.getMessage());
    }
}
