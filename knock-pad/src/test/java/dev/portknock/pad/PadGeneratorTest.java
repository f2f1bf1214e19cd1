package dev.portknock.pad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.core.Profile;
import dev.portknock.core.Scheme;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pad generation: strong sources, chunked streaming, progress, atomic creation, no overwrite. */
class PadGeneratorTest {
    @TempDir
    Path dir;

    @Test
    void generatedPadOpensWithTheRequestedShape() throws IOException {
        Path file = dir.resolve("a.pad");
        PadId id = PadGenerator.secureRandom().generate(file, 12, 1000, PadGenerator.Progress.NONE);
        Pad pad = Pad.open(file);
        assertEquals(id, pad.id());
        assertEquals(12, pad.digitBits());
        assertEquals(1000, pad.digitCount());
    }

    @Test
    void drbgGeneratedPadOpens() throws IOException {
        Path file = dir.resolve("drbg.pad");
        PadId id = PadGenerator.drbg().generate(file, 10, 300_001, PadGenerator.Progress.NONE);
        assertEquals(id, Pad.open(file).id());
    }

    @Test
    void aGeneratedPadIsReadableByItsOwnerOnly() throws IOException {
        Path file = dir.resolve("private.pad");
        PadGenerator.secureRandom().generate(file, 12, 100, PadGenerator.Progress.NONE);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file)));
    }

    @Test
    void twoPadsDiffer() throws IOException {
        PadGenerator generator = PadGenerator.secureRandom();
        generator.generate(dir.resolve("a.pad"), 12, 100, PadGenerator.Progress.NONE);
        generator.generate(dir.resolve("b.pad"), 12, 100, PadGenerator.Progress.NONE);
        assertNotEquals(Pad.open(dir.resolve("a.pad")).id(), Pad.open(dir.resolve("b.pad")).id());
        assertFalse(java.util.Arrays.equals(Pad.open(dir.resolve("a.pad")).block(0, 100),
                Pad.open(dir.resolve("b.pad")).block(0, 100)));
    }

    @Test
    void randomBytesAreTheMaterialWithTheUnusedBitsCleared() throws IOException {
        // k=5, 3 digits: 15 bits; all-ones material must read as 31, 31, 31 with the 16th bit cleared
        Path file = dir.resolve("ones.pad");
        PadGenerator.withMaterial((bytes, length) -> java.util.Arrays.fill(bytes, 0, length, (byte) 0xFF))
                .generate(file, 5, 3, PadGenerator.Progress.NONE);
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(70, bytes.length);
        assertEquals((byte) 0xFE, bytes[69]);
        assertArrayEquals(new int[] {31, 31, 31}, Pad.open(file).block(0, 3));
    }

    @Test
    void progressIsReportedPerChunkUpToTheTotal() throws IOException {
        List<long[]> reports = new ArrayList<>();
        long digits = 3L * PadWriter.CHUNK;  // k=4: 1.5 chunks of material
        PadGenerator.withMaterial(seeded(1)).generate(dir.resolve("p.pad"), 4, digits,
                (done, total) -> reports.add(new long[] {done, total}));
        assertEquals(2, reports.size());
        assertArrayEquals(new long[] {PadWriter.CHUNK, digits / 2}, reports.get(0));
        assertArrayEquals(new long[] {digits / 2, digits / 2}, reports.get(1));
    }

    @Test
    void refusesToOverwriteAnExistingFile() throws IOException {
        Path file = dir.resolve("taken.pad");
        Files.writeString(file, "precious");
        assertThrows(FileAlreadyExistsException.class,
                () -> PadGenerator.secureRandom().generate(file, 12, 10, PadGenerator.Progress.NONE));
        assertEquals("precious", Files.readString(file));
    }

    @Test
    void interruptedGenerationLeavesNoFile() throws IOException {
        Path file = dir.resolve("broken.pad");
        assertThrows(UncheckedIOException.class, () -> PadGenerator.withMaterial(seeded(2))
                .generate(file, 8, 3L * PadWriter.CHUNK, (done, total) -> {
                    throw new UncheckedIOException(new IOException("disk full"));
                }));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void threadInterruptionStopsGenerationAndLeavesNoFile() throws IOException {
        Path file = dir.resolve("stopped.pad");
        Thread.currentThread().interrupt();
        try {
            assertThrows(IOException.class, () -> PadGenerator.withMaterial(seeded(3))
                    .generate(file, 8, 10, PadGenerator.Progress.NONE));
        } finally {
            assertTrue(Thread.interrupted());
        }
        assertFalse(Files.exists(file));
    }

    @Test
    void fileLengthIsWhatGenerateWrites() throws IOException {
        Path file = dir.resolve("x.pad");
        PadGenerator.secureRandom().generate(file, 12, 1001, PadGenerator.Progress.NONE);
        assertEquals(Files.size(file), PadGenerator.fileLength(12, 1001));
        assertEquals(68 + 1502, PadGenerator.fileLength(12, 1001));
    }

    @Test
    void fileLengthRefusesACountNoFileCanHold() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PadGenerator.fileLength(15, Long.MAX_VALUE / 8));
        assertEquals("digit count must be positive and fit a file: " + Long.MAX_VALUE / 8, e.getMessage());
        assertEquals("digit bits must be in 4..15: 3",
                assertThrows(IllegalArgumentException.class, () -> PadGenerator.fileLength(3, 10)).getMessage());
    }

    @Test
    void digitsForAProfileAreKnocksTimesBlockDigits() {
        assertEquals(17_000, PadGenerator.digitsFor(Profile.defaults(), 1000));
        Profile raw = Profile.builder().scheme(Scheme.RAW).commandDigits(0).tagDigits(4).build();
        assertEquals(4000, PadGenerator.digitsFor(raw, 1000));
    }

    @Test
    void digitsForRejectsOverflow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PadGenerator.digitsFor(Profile.defaults(), Long.MAX_VALUE / 2));
        assertEquals("too many knocks for one pad: " + Long.MAX_VALUE / 2, e.getMessage());
    }

    @Test
    void digitsForRejectsNoKnocks() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PadGenerator.digitsFor(Profile.defaults(), 0));
        assertEquals("knocks must be at least 1: 0", e.getMessage());
    }

    @Test
    void rejectsDigitBitsOutOfRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PadGenerator.secureRandom().generate(dir.resolve("x.pad"), 16, 10, PadGenerator.Progress.NONE));
        assertEquals("digit bits must be in 4..15: 16", e.getMessage());
    }

    @Test
    void rejectsAnEmptyPad() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PadGenerator.secureRandom().generate(dir.resolve("x.pad"), 12, 0, PadGenerator.Progress.NONE));
        assertEquals("digit count must be positive and fit a file: 0", e.getMessage());
    }

    private static PadGenerator.RandomBytes seeded(long seed) {
        Random random = new Random(seed);
        return (bytes, length) -> {
            byte[] next = new byte[length];
            random.nextBytes(next);
            System.arraycopy(next, 0, bytes, 0, length);
        };
    }
}
