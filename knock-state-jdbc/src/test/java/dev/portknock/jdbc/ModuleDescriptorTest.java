package dev.portknock.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

/** Pins what the module exports and requires: java.sql and the pool, no driver at compile time. */
class ModuleDescriptorTest {
    private static ModuleDescriptor descriptor;

    @BeforeAll
    static void readTheCompiledDescriptor() throws IOException, URISyntaxException {
        Path classes = Path.of(JdbcPadStateStore.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            descriptor = ModuleDescriptor.read(in);
        }
    }

    @Test
    void isNamedAfterItsPackage() {
        assertEquals("dev.portknock.jdbc", descriptor.name());
    }

    @Test
    void requiresPadJavaSqlAndHikariTransitivelyAndSlf4j() {
        Map<String, Set<Requires.Modifier>> requires = descriptor.requires().stream()
                .collect(Collectors.toMap(Requires::name, Requires::modifiers));

        assertEquals(Map.of("dev.portknock.pad", Set.of(Requires.Modifier.TRANSITIVE),
                "java.sql", Set.of(Requires.Modifier.TRANSITIVE),
                "com.zaxxer.hikari", Set.of(Requires.Modifier.TRANSITIVE),
                "org.slf4j", Set.of(),
                "java.base", Set.of(Requires.Modifier.MANDATED)), requires);
    }

    @Test
    void exportsOnlyItsPackageToEveryone() {
        assertEquals(Set.of("dev.portknock.jdbc"),
                descriptor.exports().stream().map(Exports::source).collect(Collectors.toSet()));
        descriptor.exports().forEach(export -> assertEquals(Set.of(), export.targets()));
    }

    @Test
    void opensUsesAndProvidesNothing() {
        assertEquals(Set.of(), descriptor.opens());
        assertEquals(Set.of(), descriptor.uses());
        assertEquals(Set.of(), descriptor.provides());
    }
}
