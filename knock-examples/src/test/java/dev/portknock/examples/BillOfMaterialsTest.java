package dev.portknock.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** knock-bom lists every published module of the build, so an embedder's import misses none. */
class BillOfMaterialsTest {
    /** surefire runs in the module's directory, one below the repository's root. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** Modules that publish no library jar: the BOM itself, tests, benchmarks, the Debian package. */
    private static final Set<String> UNPUBLISHED = Set.of("knock-bom", "knock-system-tests", "knock-benchmarks",
            "knock-deb");

    @Test
    void theBomManagesEveryPublishedModuleOfTheBuild() throws IOException {
        Set<String> published = matches(Files.readString(ROOT.resolve("pom.xml")), "<module>([^<]+)</module>");
        published.removeAll(UNPUBLISHED);
        String bom = Files.readString(ROOT.resolve("knock-bom").resolve("pom.xml"));
        Set<String> managed = matches(bom.substring(bom.indexOf("<dependencyManagement>")),
                "<artifactId>([^<]+)</artifactId>");
        assertEquals(published, managed);
    }

    private static Set<String> matches(String text, String regex) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = Pattern.compile(regex).matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1).strip());
        }
        return found;
    }
}
