package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Pins the module descriptor: tests run on the class path and would not notice it drifting. */
class ExamplesModuleTest {
    private static ModuleDescriptor descriptor() throws IOException, URISyntaxException {
        Path classes = Path.of(KnockCli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }

    @Test
    void requiresTheLibraryPicocliSlf4jJnaJdkUnsupportedAndPrometheus() throws Exception {
        Set<String> requires = descriptor().requires().stream().map(ModuleDescriptor.Requires::name)
                .collect(Collectors.toCollection(TreeSet::new));
        // JNA: the unix datagram socket of [options] UseSyslog; jdk.unsupported: sun.misc.Signal for SIGHUP
        assertEquals(new TreeSet<>(Set.of("java.base", "dev.portknock.core", "dev.portknock.pad", "dev.portknock.spi",
                "dev.portknock.runtime", "dev.portknock.jdbc", "info.picocli", "org.slf4j", "com.sun.jna",
                "jdk.unsupported", "io.prometheus.metrics.core", "io.prometheus.metrics.model",
                "io.prometheus.metrics.exporter.httpserver")), requires);
    }

    @Test
    void requiresCoreAndPadTransitivelyForTheTypesItsConfigurationExports() throws Exception {
        Set<String> transitive = descriptor().requires().stream()
                .filter(r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE))
                .map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
        assertEquals(Set.of("dev.portknock.core", "dev.portknock.pad"), transitive);
    }

    @Test
    void exportsOnlyTheConfigurationAndOpensTheCommandsToPicocli() throws Exception {
        ModuleDescriptor descriptor = descriptor();
        assertEquals(Set.of("dev.portknock.examples.config"),
                descriptor.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        assertEquals(Set.of("dev.portknock.examples.cli to [info.picocli]"), descriptor.opens().stream()
                .map(o -> o.source() + " to " + new TreeSet<>(o.targets())).collect(Collectors.toSet()));
    }

    @Test
    void providesTheCommandLinesSlf4jBackend() throws Exception {
        assertEquals(Set.of("org.slf4j.spi.SLF4JServiceProvider with [dev.portknock.examples.logging.CliLoggingProvider]"),
                descriptor().provides().stream().map(p -> p.service() + " with " + p.providers())
                        .collect(Collectors.toSet()));
    }
}
