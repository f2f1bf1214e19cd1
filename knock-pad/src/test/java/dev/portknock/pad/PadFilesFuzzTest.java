package dev.portknock.pad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzz tests of the readers of pad files and state files: whatever the bytes, the reader either
 * returns a consistent value or throws {@link PadFormatException} (or another
 * {@link IOException}); any other exception is a finding.
 *
 * <p>A random file almost never has the right SHA-256, which would stop every input at the
 * checksum check. So each input is read twice: as given, and with its checksum recomputed over
 * the bytes it covers, which lets the fuzzer reach the checks behind it.
 */
class PadFilesFuzzTest {
    private static final PadId PAD = TestPads.idOf("fuzzed-state");
    private static final Path DIRECTORY = createDirectory();

    @AfterAll
    static void removeDirectory() throws IOException {
        try (Stream<Path> files = Files.walk(DIRECTORY)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @FuzzTest(maxDuration = "30s")
    void padFileOpensConsistentlyOrIsRefusedAsBadFormat(byte[] input) throws IOException {
        checkPadFile(input);
        if (input.length >= PadFormat.HEADER_LENGTH) {
            byte[] resealed = input.clone();
            byte[] sum = Checksums.sha256().digest(Arrays.copyOfRange(input, PadFormat.HEADER_LENGTH, input.length));
            System.arraycopy(sum, 0, resealed, PadFormat.OFFSET_CHECKSUM, PadFormat.CHECKSUM_LENGTH);
            checkPadFile(resealed);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void stateFileReadsConsistentlyOrIsRefusedAsBadFormat(byte[] input) throws IOException {
        checkStateFile(input);
        if (input.length >= FilePadStateStore.LENGTH) {
            byte[] resealed = input.clone();
            byte[] sum = Checksums.sha256().digest(Arrays.copyOf(input, FilePadStateStore.BODY_LENGTH));
            System.arraycopy(sum, 0, resealed, FilePadStateStore.BODY_LENGTH, sum.length);
            checkStateFile(resealed);
        }
    }

    private static void checkPadFile(byte[] bytes) throws IOException {
        Path file = Files.createTempFile(DIRECTORY, "fuzzed", ".pad");
        try {
            Files.write(file, bytes);
            Pad pad;
            try {
                pad = Pad.open(file);
            } catch (PadFormatException e) {
                assertEquals(file, e.file());
                assertFalse(e.problem().isBlank(), "a refusal names the problem");
                return;
            }
            assertConsistent(pad, bytes);
            assertArrayEquals(bytes, Files.readAllBytes(file), "opening a pad never writes to it");
        } finally {
            Files.delete(file);
        }
    }

    /** An opened pad agrees with its header and length, and hands out digits in range. */
    private static void assertConsistent(Pad pad, byte[] bytes) {
        int k = pad.digitBits();
        assertTrue(k >= 4 && k <= 15, "digit bits in range: " + k);
        assertArrayEquals(Arrays.copyOfRange(bytes, PadFormat.OFFSET_ID, PadFormat.OFFSET_ID + PadId.LENGTH),
                pad.id().bytes());
        assertEquals(PadFormat.HEADER_LENGTH + (pad.digitCount() * k + 7) / 8, bytes.length, "length fits the count");
        long checked = Math.min(pad.digitCount(), 4096);
        for (long i = 0; i < checked; i++) {
            int digit = pad.digit(i);
            assertTrue(digit >= 0 && digit < 1 << k, "digit " + i + " in range: " + digit);
        }
        if (pad.digitCount() > 0) {
            pad.digit(pad.digitCount() - 1);
        }
    }

    private static void checkStateFile(byte[] bytes) throws IOException {
        FilePadStateStore store = new FilePadStateStore(DIRECTORY);
        Path file = store.fileOf(PAD, Side.SERVER);
        Files.write(file, bytes);
        try {
            PadState state;
            try {
                state = store.read(PAD, Side.SERVER);
            } catch (PadFormatException e) {
                assertEquals(file, e.file());
                assertFalse(e.problem().isBlank(), "a refusal names the problem");
                return;
            }
            assertEquals(PAD, state.padId());
            assertEquals(Side.SERVER, state.side());
            assertEquals(state, FilePadStateStore.decode(file, FilePadStateStore.encode(state), PAD, Side.SERVER),
                    "an accepted state survives being written back");
            assertArrayEquals(bytes, Files.readAllBytes(file), "reading a state never writes to it");
        } finally {
            Files.delete(file);
        }
    }

    private static Path createDirectory() {
        try {
            return Files.createTempDirectory("pad-files-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
