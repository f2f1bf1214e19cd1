package dev.portknock.pad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.portknock.core.Profile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pad file format 1 (PROTOCOL.md §4): the vector, reading, and every kind of broken file. */
class PadFileTest {
    static final int[] VECTOR_DIGITS = {1143, 426, 2034, 3726, 3203, 262, 1216, 1960, 2306, 1770};
    static final byte[] VECTOR = HexFormat.of().parseHex(
            "4b4e4f434b50414400010c00000102030405060708090a0b0c0d0e0f000000000000000a5a30d0b8"
            + "f48caeb9a1d9faf76bb4949ea5d77d024922c5de63d9a45ccdd31bff4771aa7f2e8ec831064c07a8"
            + "9026ea");
    static final PadId VECTOR_ID = new PadId(HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f"));

    @TempDir
    Path dir;

    @Test
    void aPadRefusesAProfileOfOtherDigitBits() throws IOException {
        Pad pad = TestPads.fromSeed(dir, "fits", 10, 100);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pad.requireFits(Profile.defaults()));
        assertEquals("pad " + pad.id() + " has 10-bit digits, the profile needs 12", e.getMessage());
    }

    @Test
    void aPadFitsAProfileOfItsDigitBits() throws IOException {
        TestPads.fromSeed(dir, "fits", 12, 100).requireFits(Profile.defaults());
    }

    @Test
    void writingTheVectorDigitsGivesTheVectorBytes() throws IOException {
        Path file = dir.resolve("vector.pad");
        PadGenerator.writeDigits(file, VECTOR_ID, 12, VECTOR_DIGITS);
        assertArrayEquals(VECTOR, Files.readAllBytes(file));
    }

    @Test
    void theVectorDigitsAreThePadFileSeedsTestDigits() {
        assertArrayEquals(VECTOR_DIGITS, dev.portknock.core.TestDigits.of("pad-file", 12, 10));
    }

    @Test
    void openingTheVectorGivesItsHeaderAndDigits() throws IOException {
        Pad pad = Pad.open(file(VECTOR));
        assertEquals(VECTOR_ID, pad.id());
        assertEquals(12, pad.digitBits());
        assertEquals(10, pad.digitCount());
        for (int i = 0; i < VECTOR_DIGITS.length; i++) {
            assertEquals(VECTOR_DIGITS[i], pad.digit(i), "digit " + i);
        }
        assertArrayEquals(new int[] {3726, 3203, 262}, pad.block(1, 3));
        assertEquals(3, pad.blocks(3));
    }

    @Test
    void aPadAtAnOffsetIsReadAsThePadFileItself() throws IOException {
        byte[] prefix = "a header of someone else's\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Pad pad = Pad.open(file(concat(prefix, VECTOR)), prefix.length);
        assertEquals(VECTOR_ID, pad.id());
        assertArrayEquals(VECTOR_DIGITS, pad.block(0, 10));
    }

    @Test
    void aPadAtAnOffsetIsCheckedAsAPadFileIs() throws IOException {
        byte[] prefix = new byte[7];
        Path truncated = file(concat(prefix, java.util.Arrays.copyOf(VECTOR, VECTOR.length - 1)));
        PadFormatException e = assertThrows(PadFormatException.class, () -> Pad.open(truncated, prefix.length));
        assertEquals(truncated + ": truncated material: 10 digits of 12 bits need 15 bytes, found 14", e.getMessage());
        Path trailing = file(concat(concat(prefix, VECTOR), new byte[1]));
        e = assertThrows(PadFormatException.class, () -> Pad.open(trailing, prefix.length));
        assertEquals(trailing + ": trailing bytes: 10 digits of 12 bits need 15 bytes, found 16", e.getMessage());
        Path shortFile = file(prefix);
        e = assertThrows(PadFormatException.class, () -> Pad.open(shortFile, prefix.length + 1));
        assertEquals(shortFile + ": truncated header: 0 bytes, a pad file needs at least 68", e.getMessage());
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    @Test
    void aFifoIsRefusedWithoutWaitingForAWriter() throws Exception {
        Path fifo = dir.resolve("pad.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo exit status");
        // opening a fifo for reading blocks until a writer comes: a hang, not a failure, when not refused
        PadFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(PadFormatException.class, () -> Pad.open(fifo)));
        assertEquals(fifo + ": not a regular file", e.getMessage());
    }

    @Test
    void aDirectoryIsRefused() {
        PadFormatException e = assertThrows(PadFormatException.class, () -> Pad.open(dir));
        assertEquals(dir + ": not a regular file", e.getMessage());
    }

    @Test
    void copyDigitsFillsTheCallersBuffer() throws IOException {
        Pad pad = Pad.open(file(VECTOR));
        int[] buffer = new int[5];
        pad.copyDigits(7, buffer, 1, 3);
        assertArrayEquals(new int[] {0, 1960, 2306, 1770, 0}, buffer);
    }

    @Test
    void digitsPastTheEndAreOutOfBounds() throws IOException {
        Pad pad = Pad.open(file(VECTOR));
        assertThrows(IndexOutOfBoundsException.class, () -> pad.digit(10));
        assertThrows(IndexOutOfBoundsException.class, () -> pad.block(3, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> pad.copyDigits(8, new int[3], 0, 3));
    }

    @Test
    void blocksReturnFreshArrays() throws IOException {
        Pad pad = Pad.open(file(VECTOR));
        int[] first = pad.block(0, 2);
        first[0] = 0;
        assertArrayEquals(new int[] {1143, 426}, pad.block(0, 2));
    }

    @Test
    void everyDigitWidthRoundTrips() throws IOException {
        Random random = new Random(7);
        for (int k = 4; k <= 15; k++) {
            int[] digits = random.ints(37, 0, 1 << k).toArray();
            Pad pad = TestPads.fromDigits(dir.resolve("k" + k + ".pad"), VECTOR_ID, k, digits);
            int[] read = new int[digits.length];
            pad.copyDigits(0, read, 0, digits.length);
            assertArrayEquals(digits, read, "k=" + k);
        }
    }

    @Test
    void copiesFromEveryOffsetMatchTheDigitsOneByOne() throws IOException {
        Random random = new Random(11);
        for (int k = 4; k <= 15; k++) {
            int[] digits = random.ints(29, 0, 1 << k).toArray();
            Pad pad = TestPads.fromDigits(dir.resolve("offsets" + k + ".pad"), VECTOR_ID, k, digits);
            for (int from = 0; from < digits.length; from++) {
                for (int count = 0; from + count <= digits.length; count++) {
                    int[] read = new int[count];
                    pad.copyDigits(from, read, 0, count);
                    for (int i = 0; i < count; i++) {
                        assertEquals(pad.digit(from + i), read[i], "k=" + k + " from " + from + " count " + count);
                        assertEquals(digits[from + i], read[i], "k=" + k + " from " + from + " count " + count);
                    }
                }
            }
        }
    }

    @Test
    void openingDoesNotModifyThePadFile() throws IOException {
        Path file = file(VECTOR);
        FileTime before = Files.getLastModifiedTime(file);
        Pad pad = Pad.open(file);
        pad.block(0, 10);
        assertArrayEquals(VECTOR, Files.readAllBytes(file));
        assertEquals(before, Files.getLastModifiedTime(file));
    }

    @Test
    void badMagicIsNamed() throws IOException {
        byte[] bytes = VECTOR.clone();
        bytes[0] = 'X';
        assertProblem(bytes, "bad magic: not a pad file");
    }

    @Test
    void unknownVersionIsNamed() throws IOException {
        byte[] bytes = VECTOR.clone();
        bytes[9] = 2;
        assertProblem(bytes, "unknown format version 2, expected 1");
    }

    @Test
    void digitBitsBelowRangeAreNamed() throws IOException {
        byte[] bytes = VECTOR.clone();
        bytes[10] = 3;
        assertProblem(bytes, "digit bits 3 out of range 4..15");
    }

    @Test
    void digitBitsAboveRangeAreNamed() throws IOException {
        byte[] bytes = VECTOR.clone();
        bytes[10] = 16;
        assertProblem(bytes, "digit bits 16 out of range 4..15");
    }

    @Test
    void nonZeroReservedByteIsNamed() throws IOException {
        byte[] bytes = VECTOR.clone();
        bytes[11] = 1;
        assertProblem(bytes, "reserved byte is 1, must be 0");
    }

    @Test
    void truncatedHeaderIsNamed() throws IOException {
        assertProblem(java.util.Arrays.copyOf(VECTOR, 50),
                "truncated header: 50 bytes, a pad file needs at least 68");
    }

    @Test
    void emptyFileIsATruncatedHeader() throws IOException {
        assertProblem(new byte[0], "truncated header: 0 bytes, a pad file needs at least 68");
    }

    @Test
    void truncatedMaterialIsNamed() throws IOException {
        assertProblem(java.util.Arrays.copyOf(VECTOR, 82),
                "truncated material: 10 digits of 12 bits need 15 bytes, found 14");
    }

    @Test
    void trailingBytesAreNamed() throws IOException {
        assertProblem(java.util.Arrays.copyOf(VECTOR, 84),
                "trailing bytes: 10 digits of 12 bits need 15 bytes, found 16");
    }

    @Test
    void digitCountThatDoesNotMatchTheLengthIsNamed() throws IOException {
        byte[] bytes = VECTOR.clone();
        bytes[35] = 11;
        assertProblem(bytes, "truncated material: 11 digits of 12 bits need 17 bytes, found 15");
    }

    @Test
    void digitCountLargerThanAnyFileIsNamed() throws IOException {
        byte[] bytes = VECTOR.clone();
        bytes[28] = (byte) 0xFF;
        assertProblem(bytes, "digit count 18374686479671623690 is larger than any file");
    }

    @Test
    void damagedMaterialIsAChecksumMismatch() throws IOException {
        byte[] bytes = VECTOR.clone();
        bytes[70] ^= 1;
        assertProblem(bytes, "checksum mismatch: the material is damaged");
    }

    @Test
    void damagedChecksumIsAChecksumMismatch() throws IOException {
        byte[] bytes = VECTOR.clone();
        bytes[40] ^= 1;
        assertProblem(bytes, "checksum mismatch: the material is damaged");
    }

    @Test
    void nonZeroUnusedBitsAreNamed() throws IOException {
        // k=5, 3 digits: 15 bits in 2 bytes, the last bit unused
        Path good = dir.resolve("five.pad");
        PadGenerator.writeDigits(good, VECTOR_ID, 5, new int[] {31, 0, 15});
        byte[] bytes = Files.readAllBytes(good);
        bytes[69] |= 1;
        byte[] checksum = Checksums.sha256().digest(java.util.Arrays.copyOfRange(bytes, 68, 70));
        System.arraycopy(checksum, 0, bytes, 36, 32);
        assertProblem(bytes, "unused bits of the final byte are not 0");
    }

    @Test
    void garbageIsBadMagic() throws IOException {
        byte[] garbage = new byte[500];
        new Random(3).nextBytes(garbage);
        assertProblem(garbage, "bad magic: not a pad file");
    }

    @Test
    void theErrorNamesTheFile() throws IOException {
        Path file = file(new byte[3]);
        PadFormatException e = assertThrows(PadFormatException.class, () -> Pad.open(file));
        assertEquals(file + ": truncated header: 3 bytes, a pad file needs at least 68", e.getMessage());
        assertEquals(file, e.file());
    }

    @Test
    void toStringShowsNoMaterial() throws IOException {
        assertEquals("Pad[000102030405060708090a0b0c0d0e0f, 10 digits of 12 bits]", Pad.open(file(VECTOR)).toString());
    }

    @Test
    void aPadTheGroupMayReadIsRefusedAsSshRefusesAPrivateKey() throws IOException {
        Path file = file(VECTOR);
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        IOException e = assertThrows(IOException.class, () -> Pad.open(file));
        assertEquals("pad file " + file + " is accessible by group or others (mode 0640): run chmod go-rwx " + file,
                e.getMessage());
    }

    @Test
    void aPadOthersMayWriteIsRefused() throws IOException {
        Path file = file(VECTOR);
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-----w-"));
        IOException e = assertThrows(IOException.class, () -> Pad.open(file));
        assertEquals("pad file " + file + " is accessible by group or others (mode 0602): run chmod go-rwx " + file,
                e.getMessage());
    }

    @Test
    void aPadOnlyItsOwnerMayReadOpens() throws IOException {
        Path file = file(VECTOR);
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("r--------"));
        assertEquals(VECTOR_ID, Pad.open(file).id());
    }

    private Path file(byte[] bytes) throws IOException {
        Path file = Files.createTempFile(dir, "pad", ".pad");
        Files.write(file, bytes);
        return file;
    }

    private void assertProblem(byte[] bytes, String problem) throws IOException {
        Path file = file(bytes);
        PadFormatException e = assertThrows(PadFormatException.class, () -> Pad.open(file));
        assertEquals(problem, e.problem());
        assertEquals(file, e.file());
    }

}
