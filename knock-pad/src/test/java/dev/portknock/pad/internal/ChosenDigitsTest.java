package dev.portknock.pad.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portknock.pad.Pad;
import dev.portknock.pad.PadId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChosenDigitsTest {
    private static final PadId ID = PadId.parse("000102030405060708090a0b0c0d0e0f");

    @TempDir
    Path directory;

    @Test
    void writesAPadOfTheDigitsUnderTheId() throws IOException {
        Path file = directory.resolve("chosen.pad");
        int[] digits = {0, 1, 15, 7, 8, 3, 12};

        ChosenDigits.write(file, ID, 4, digits);

        Pad pad = Pad.open(file);
        assertEquals(ID, pad.id());
        int[] read = new int[digits.length];
        pad.copyDigits(0, read, 0, digits.length);
        assertArrayEquals(digits, read);
    }

    @Test
    void aDigitThatDoesNotFitIsRejectedAndNoFileIsLeft() {
        Path file = directory.resolve("bad.pad");

        assertEquals("digit out of range 0..15", assertThrows(IllegalArgumentException.class,
                () -> ChosenDigits.write(file, ID, 4, new int[] {16})).getMessage());
        assertEquals(false, Files.exists(file));
    }

    @Test
    void theWriterIsInstalledOnceByThePadModule() throws IOException {
        ChosenDigits.write(directory.resolve("first.pad"), ID, 4, new int[] {1});

        assertEquals("the chosen-digit writer is already installed", assertThrows(IllegalStateException.class,
                () -> ChosenDigits.install((target, id, digitBits, digits) -> { })).getMessage());
    }
}
