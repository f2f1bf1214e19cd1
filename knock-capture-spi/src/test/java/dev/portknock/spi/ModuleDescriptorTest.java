package dev.portknock.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleDescriptor.Requires;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pins what the module exports, requires, uses and provides. */
class ModuleDescriptorTest {
    private static Path classes;
    private static ModuleDescriptor descriptor;

    @BeforeAll
    static void readTheCompiledDescriptor() throws IOException, URISyntaxException {
        classes = Path.of(ProviderRegistry.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            descriptor = ModuleDescriptor.read(in);
        }
    }

    @Test
    void isNamedAfterItsPackage() {
        assertEquals("dev.portknock.spi", descriptor.name());
    }

    @Test
    void requiresOnlyCoreTransitivelyAndTheJdkBase() {
        Map<String, Set<Requires.Modifier>> requires = descriptor.requires().stream()
                .collect(Collectors.toMap(Requires::name, Requires::modifiers));

        assertEquals(Map.of("dev.portknock.core", Set.of(Requires.Modifier.TRANSITIVE),
                "java.base", Set.of(Requires.Modifier.MANDATED)), requires);
    }

    @Test
    void exportsOnlyTheSpiPackageToEveryone() {
        assertEquals(Set.of("dev.portknock.spi"),
                descriptor.exports().stream().map(Exports::source).collect(Collectors.toSet()));
        descriptor.exports().forEach(export -> assertEquals(Set.of(), export.targets()));
    }

    @Test
    void opensNothing() {
        assertEquals(Set.of(), descriptor.opens());
    }

    @Test
    void usesBothProviderInterfaces() {
        assertEquals(Set.of(CaptureProvider.class.getName(), LauncherProvider.class.getName()), descriptor.uses());
    }

    @Test
    void providesNoBackend() {
        assertEquals(Set.of(), descriptor.provides());
    }

    @Test
    void registersNoBackendForTheClassPathEither() {
        assertFalse(Files.exists(classes.resolve("META-INF/services")), "the SPI module registers services");
    }
}
