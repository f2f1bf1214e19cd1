package dev.portknock.examples.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.portknock.pad.PadFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzz test of the client bundle reader. Each input is read as a whole file, and again after a
 * valid first line (so that the header's keys are reached). The contract: a {@link ConfigException}
 * naming the file and a line, or a {@link PadFormatException} naming the file, or a bundle; any
 * other exception is a finding.
 */
class BundleFormatFuzzTest {
    private static final Path DIRECTORY = createDirectory();
    private static final Path FILE = DIRECTORY.resolve("fuzz.bundle");

    @AfterAll
    static void removeDirectory() throws IOException {
        Files.deleteIfExists(FILE);
        Files.delete(DIRECTORY);
    }

    @FuzzTest(maxDuration = "30s")
    void aBundleIsReadOrRefusedNamingTheFile(byte[] input) throws IOException {
        check(input);
        byte[] first = "portknock-bundle 1\n".getBytes(StandardCharsets.US_ASCII);
        byte[] headed = new byte[first.length + input.length];
        System.arraycopy(first, 0, headed, 0, first.length);
        System.arraycopy(input, 0, headed, first.length, input.length);
        check(headed);
    }

    private static void check(byte[] bytes) throws IOException {
        Files.deleteIfExists(FILE);
        Files.write(FILE, bytes);
        Files.setPosixFilePermissions(FILE, PosixFilePermissions.fromString("rw-------"));
        try {
            ClientBundle bundle = BundleFormat.read(FILE);
            assertEquals(bundle.pad().digitBits(), bundle.settings().profile().digitBits());
        } catch (ConfigException e) {
            assertEquals(FILE.toString(), e.location().source());
            assertTrue(e.location().line() >= 1, "a line of the file");
            assertFalse(e.problem().isBlank(), "a refusal names the problem");
        } catch (PadFormatException e) {
            assertTrue(e.getMessage().startsWith(FILE + ": "), e.getMessage());
        }
    }

    private static Path createDirectory() {
        try {
            return Files.createTempDirectory("bundle-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
