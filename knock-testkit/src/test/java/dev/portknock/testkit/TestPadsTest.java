package dev.portknock.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portknock.core.Profile;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadGenerator;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestPadsTest {
    @TempDir
    Path directory;

    @Test
    void theDigitsAreTheProtocolsTestStream() {
        // PROTOCOL.md §6, vector S1: the first pad digits of seed vector-1
        assertArrayEquals(new int[] {2643, 181, 317, 3723, 3068, 1541, 3412, 3755, 3237, 3871, 410},
                TestPads.digits("vector-1", 12, 11));
    }

    @Test
    void aSeededPadHoldsItsSeedsDigitsForTheKnocksAskedFor() throws IOException {
        Profile profile = Profile.defaults();

        Pad pad = TestPads.seeded(directory, "vector-6", profile, 3);

        long count = PadGenerator.digitsFor(profile, 3);
        assertEquals(count, pad.digitCount());
        int[] read = new int[(int) count];
        pad.copyDigits(0, read, 0, read.length);
        assertArrayEquals(TestPads.digits("vector-6", 12, (int) count), read);
        assertEquals(directory.resolve("vector-6.pad"), pad.file());
    }

    @Test
    void aSeededPadHasTheIdOfItsSeed() throws IOException {
        Pad pad = TestPads.seeded(directory, "door-a", Profile.defaults(), 1);

        assertEquals(TestPads.idOf("door-a"), pad.id());
        assertNotEquals(TestPads.idOf("door-a"), TestPads.idOf("door-b"));
    }

    @Test
    void theSameSeedWritesTheSamePadTwice() throws IOException {
        Pad first = TestPads.seeded(directory, "twice", Profile.defaults(), 2);
        Path other = Files.createDirectory(directory.resolve("other"));
        Pad second = TestPads.seeded(other, "twice", Profile.defaults(), 2);

        assertEquals(first.id(), second.id());
        assertArrayEquals(first.block(1, Profile.defaults().blockDigits()),
                second.block(1, Profile.defaults().blockDigits()));
    }

    @Test
    void aSeedThatIsNoFileNameIsRejected() {
        assertEquals("a test pad's seed is 1 to 64 letters, digits, '.', '_' and '-': '../x'",
                assertThrows(IllegalArgumentException.class,
                        () -> TestPads.seeded(directory, "../x", Profile.defaults(), 1)).getMessage());
    }

    @Test
    void aPadLargerThanATestNeedsIsRejected() {
        assertEquals("a test pad holds at most 4194304 digits; 1000000 knocks of this profile need 17000000",
                assertThrows(IllegalArgumentException.class,
                        () -> TestPads.seeded(directory, "big", Profile.defaults(), 1_000_000)).getMessage());
    }

    @Test
    void anExistingPadFileIsLeftAsItWas() throws IOException {
        TestPads.seeded(directory, "once", Profile.defaults(), 1);

        assertThrows(FileAlreadyExistsException.class, () -> TestPads.seeded(directory, "once", Profile.defaults(), 1));
    }

    @Test
    void aDigitCountOutOfRangeIsRejected() {
        assertEquals("count must be in 1..4194304: 0",
                assertThrows(IllegalArgumentException.class, () -> TestPads.digits("x", 12, 0)).getMessage());
    }
}
