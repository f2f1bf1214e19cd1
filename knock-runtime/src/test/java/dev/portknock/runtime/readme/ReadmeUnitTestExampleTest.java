package dev.portknock.runtime.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's "Unit-testing a knock protocol" example is {@link SshDoorTest} word for word (all
 * but its package line), so the code users copy is the code this build compiles and runs.
 */
class ReadmeUnitTestExampleTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Path EXAMPLE = Path.of("src", "test", "java", "dev", "portknock", "runtime", "readme",
            "SshDoorTest.java");
    private static final String HEADING = "### Unit-testing a knock protocol";

    @Test
    void theReadmesExampleIsTheCompiledTest() throws IOException {
        assertEquals(withoutPackageLine(Files.readAllLines(EXAMPLE, StandardCharsets.UTF_8)),
                firstJavaBlockAfterHeading(Files.readAllLines(README, StandardCharsets.UTF_8)));
    }

    /** The file after its package line and the blank line that follows it. */
    private static String withoutPackageLine(List<String> lines) {
        assertEquals("package dev.portknock.runtime.readme;", lines.get(0));
        assertEquals("", lines.get(1));
        return String.join("\n", lines.subList(2, lines.size()));
    }

    private static String firstJavaBlockAfterHeading(List<String> lines) {
        int heading = lines.indexOf(HEADING);
        assertTrue(heading >= 0, "README.md has no line '" + HEADING + "'");
        int open = lines.subList(heading, lines.size()).indexOf("```java");
        assertTrue(open >= 0, "no java block after '" + HEADING + "' in README.md");
        int start = heading + open + 1;
        int length = lines.subList(start, lines.size()).indexOf("```");
        assertTrue(length >= 0, "the java block after '" + HEADING + "' in README.md is not closed");
        return String.join("\n", lines.subList(start, start + length));
    }
}
