package dev.portknock.examples.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzz test of the server configuration parser. Each input is read twice: as a file (bytes,
 * which must be UTF-8) and as text (the bytes decoded leniently). The contract: a
 * {@link ConfigException} naming the source and a line inside the input, or a configuration with
 * at least one door; any other exception is a finding.
 */
class ServerConfigFuzzTest {
    private static final Path DIRECTORY = createDirectory();
    private static final Path FILE = DIRECTORY.resolve("knockd.conf");

    @AfterAll
    static void removeDirectory() throws IOException {
        Files.deleteIfExists(FILE);
        Files.delete(DIRECTORY);
    }

    @FuzzTest(maxDuration = "30s")
    void configurationParsesOrIsRefusedWithFileAndLine(byte[] input) throws IOException {
        String text = new String(input, StandardCharsets.UTF_8);
        check(() -> ServerConfigParser.parse(text, "fuzz.conf", DIRECTORY), "fuzz.conf", lineCount(text));
        Files.write(FILE, input);
        check(() -> ServerConfigParser.parse(FILE), FILE.toString(), lineCount(text));
    }

    @FunctionalInterface
    private interface Parse {
        ServerConfig run() throws IOException, ConfigException;
    }

    private static void check(Parse parse, String source, int lines) throws IOException {
        ServerConfig config;
        try {
            config = parse.run();
        } catch (ConfigException e) {
            assertEquals(source, e.location().source());
            assertTrue(e.location().line() <= lines, "the line " + e.location().line() + " is in the input");
            assertFalse(e.problem().isBlank(), "a refusal names the problem");
            assertEquals(e.location() + ": " + e.problem(), e.getMessage());
            return;
        }
        assertFalse(config.doors().isEmpty(), "a configuration has a door");
    }

    /** Lines of the input as the parser numbers them (at least 1, even for empty text). */
    private static int lineCount(String text) {
        return Math.max(1, (int) text.chars().filter(c -> c == '\n').count() + 1);
    }

    private static Path createDirectory() {
        try {
            return Files.createTempDirectory("config-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
