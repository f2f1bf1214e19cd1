package dev.portknock.pad;

import dev.portknock.core.TestDigits;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Pads made of the PROTOCOL.md §6 test digit stream, for vector tests here and in other modules
 * (published in knock-pad's test-jar). A seeded pad is never a real pad.
 */
public final class TestPads {
    private TestPads() {
    }

    /** Writes and opens a pad of the first {@code count} k-bit test digits of {@code seed}. */
    public static Pad fromSeed(Path directory, String seed, int digitBits, int count) throws IOException {
        return fromDigits(directory.resolve(seed + ".pad"), idOf(seed), digitBits, TestDigits.of(seed, digitBits, count));
    }

    /** Writes and opens a pad file of the given digits. */
    public static Pad fromDigits(Path file, PadId id, int digitBits, int[] digits) throws IOException {
        PadGenerator.writeDigits(file, id, digitBits, digits);
        return Pad.open(file);
    }

    /** A pad id derived from a name, so tests can tell their pads apart. */
    public static PadId idOf(String name) {
        byte[] bytes = new byte[PadId.LENGTH];
        byte[] hash = Checksums.sha256().digest(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        System.arraycopy(hash, 0, bytes, 0, PadId.LENGTH);
        return new PadId(bytes);
    }
}
