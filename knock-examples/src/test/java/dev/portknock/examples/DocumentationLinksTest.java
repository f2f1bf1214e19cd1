package dev.portknock.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README and the pages under docs/ link only files inside the repository, and every file they
 * link exists: the documents travel with the code, so a link must not lead out of it or nowhere.
 */
class DocumentationLinksTest {
    /** surefire runs in the module's directory, one below the repository's root. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** A Markdown link's target: {@code [text](target)}, without an optional title or #fragment. */
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s#]*)(?:#[^)\\s]*)?(?:\\s+\"[^\"]*\")?\\)");

    static Stream<Path> documents() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(file -> file.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        return documents.stream();
    }

    @ParameterizedTest
    @MethodSource("documents")
    void everyLinkNamesAFileOfTheRepositoryThatExists(Path document) throws IOException {
        Matcher link = LINK.matcher(Files.readString(document));
        List<String> broken = new ArrayList<>();
        while (link.find()) {
            String target = link.group(1);
            if (target.isEmpty()) {
                continue; // a link to a heading of the same page
            }
            Path file = document.getParent().resolve(target).normalize();
            if (target.contains(":") || !file.startsWith(ROOT) || !Files.exists(file)) {
                broken.add(target);
            }
        }
        assertEquals(List.of(), broken, document + " links what is not a file of the repository");
    }
}
