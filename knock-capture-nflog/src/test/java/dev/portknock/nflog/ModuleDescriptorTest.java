package dev.portknock.nflog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleDescriptor.Provides;
import java.lang.module.ModuleDescriptor.Requires;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pins the module descriptor: tests run on the class path, so nothing else would notice a change. */
class ModuleDescriptorTest {
    private static ModuleDescriptor descriptor;

    @BeforeAll
    static void readDescriptor() throws Exception {
        Path classes = Path.of(NflogCaptureProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            descriptor = ModuleDescriptor.read(in);
        }
    }

    @Test
    void name() {
        assertEquals("dev.portknock.nflog", descriptor.name());
    }

    @Test
    void requiresTheSpiTransitivelyAndJna() {
        Map<String, Set<Requires.Modifier>> requires = descriptor.requires().stream()
                .collect(Collectors.toMap(Requires::name, Requires::modifiers));
        assertEquals(Map.of(
                "java.base", Set.of(Requires.Modifier.MANDATED),
                "dev.portknock.spi", Set.of(Requires.Modifier.TRANSITIVE),
                "com.sun.jna", Set.of()), requires);
    }

    @Test
    void exportsOnlyItsApiPackageToEveryone() {
        assertEquals(Set.of("dev.portknock.nflog"), descriptor.exports().stream().map(Exports::source).collect(Collectors.toSet()));
        assertEquals(Set.of(false), descriptor.exports().stream().map(Exports::isQualified).collect(Collectors.toSet()));
    }

    @Test
    void providesTheNflogCaptureProvider() {
        Map<String, List<String>> provides = descriptor.provides().stream()
                .collect(Collectors.toMap(Provides::service, Provides::providers));
        assertEquals(Map.of("dev.portknock.spi.CaptureProvider", List.of("dev.portknock.nflog.NflogCaptureProvider")), provides);
    }

    @Test
    void usesNothingAndOpensNothing() {
        assertEquals(Set.of(), descriptor.uses());
        assertEquals(Set.of(), descriptor.opens());
    }

    @Test
    void theServiceFileRegistersTheSameProvider() throws Exception {
        try (InputStream in = NflogCaptureProvider.class.getResourceAsStream("/META-INF/services/dev.portknock.spi.CaptureProvider")) {
            assertEquals("dev.portknock.nflog.NflogCaptureProvider", new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip());
        }
    }
}
