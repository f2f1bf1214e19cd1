package dev.portknock.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portknock.spi.CaptureProvider;
import dev.portknock.spi.LauncherProvider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleDescriptor.Provides;
import java.lang.module.ModuleDescriptor.Requires;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pins what the test kit exports, requires and provides. */
class ModuleDescriptorTest {
    private static Path classes;
    private static ModuleDescriptor descriptor;

    @BeforeAll
    static void readTheCompiledDescriptor() throws IOException, URISyntaxException {
        classes = Path.of(TestPads.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            descriptor = ModuleDescriptor.read(in);
        }
    }

    @Test
    void isNamedAfterItsPackage() {
        assertEquals("dev.portknock.testkit", descriptor.name());
    }

    @Test
    void requiresTheSpiThePadModuleAndJUnitTransitively() {
        Map<String, Set<Requires.Modifier>> requires = descriptor.requires().stream()
                .collect(Collectors.toMap(Requires::name, Requires::modifiers));

        assertEquals(Map.of("dev.portknock.spi", Set.of(Requires.Modifier.TRANSITIVE),
                "dev.portknock.pad", Set.of(Requires.Modifier.TRANSITIVE),
                "org.junit.jupiter.api", Set.of(Requires.Modifier.TRANSITIVE),
                "java.base", Set.of(Requires.Modifier.MANDATED)), requires);
    }

    @Test
    void exportsOnlyTheTestKitPackageToEveryone() {
        assertEquals(Set.of("dev.portknock.testkit"),
                descriptor.exports().stream().map(Exports::source).collect(Collectors.toSet()));
        descriptor.exports().forEach(export -> assertEquals(Set.of(), export.targets()));
    }

    @Test
    void opensNothingAndUsesNothing() {
        assertEquals(Set.of(), descriptor.opens());
        assertEquals(Set.of(), descriptor.uses());
    }

    @Test
    void providesTheInMemoryCaptureAndTheRecordingLauncher() {
        assertEquals(Map.of(CaptureProvider.class.getName(), List.of(InMemoryCaptureProvider.class.getName()),
                        LauncherProvider.class.getName(), List.of(RecordingLauncherProvider.class.getName())),
                descriptor.provides().stream().collect(Collectors.toMap(Provides::service, Provides::providers)));
    }

    @Test
    void registersTheSameProvidersForTheClassPath() throws IOException {
        for (Provides provides : descriptor.provides()) {
            Path services = classes.resolve("META-INF/services").resolve(provides.service());
            List<String> listed = Files.readAllLines(services, StandardCharsets.UTF_8).stream()
                    .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();

            assertEquals(provides.providers(), listed, services.toString());
        }
    }
}
