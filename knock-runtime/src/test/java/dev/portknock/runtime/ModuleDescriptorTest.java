package dev.portknock.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portknock.runtime.backend.UdpSocketCaptureProvider;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pins the module descriptor of knock-runtime: DESIGN.md lets it depend on core, pad, spi and slf4j. */
class ModuleDescriptorTest {
    private static final String NAME = "dev.portknock.runtime";
    private static final Set<String> EXPORTS = Set.of("dev.portknock.runtime");
    private static final Set<String> REQUIRES = Set.of(
            "mandated java.base",
            "transitive dev.portknock.spi",
            "transitive dev.portknock.pad",
            "org.slf4j",
            "jdk.management");
    private static final Map<String, Set<String>> PROVIDES = Map.of(
            "dev.portknock.spi.CaptureProvider",
            Set.of("dev.portknock.runtime.backend.UdpSocketCaptureProvider"),
            "dev.portknock.spi.LauncherProvider",
            Set.of("dev.portknock.runtime.backend.ProcessLauncherProvider",
                    "dev.portknock.runtime.backend.NftablesLauncherProvider"));

    private static ModuleDescriptor descriptor;

    @BeforeAll
    static void readDescriptor() throws URISyntaxException {
        // tests run on the class path: read the descriptor where the main classes were loaded from
        Path classes = Path.of(UdpSocketCaptureProvider.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI());
        descriptor = ModuleFinder.of(classes).find(NAME).map(ModuleReference::descriptor)
                .orElseThrow(() -> new AssertionError("no module " + NAME + " in " + classes));
    }

    @Test
    void name() {
        assertEquals(NAME, descriptor.name());
    }

    @Test
    void exportsOnlyWhatUsersName() {
        assertEquals(new TreeSet<>(EXPORTS), descriptor.exports().stream()
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toCollection(TreeSet::new)));
    }

    @Test
    void requires() {
        assertEquals(new TreeSet<>(REQUIRES), descriptor.requires().stream()
                .map(ModuleDescriptorTest::describe).collect(Collectors.toCollection(TreeSet::new)));
    }

    @Test
    void providesTheBuiltInBackends() {
        Map<String, Set<String>> provides = new TreeMap<>();
        descriptor.provides().forEach(p -> provides.put(p.service(), Set.copyOf(p.providers())));
        assertEquals(new TreeMap<>(PROVIDES), provides);
    }

    @Test
    void opensNothing() {
        assertEquals(Set.of(), descriptor.opens());
        assertEquals(false, descriptor.isOpen());
    }

    @Test
    void usesNothing() {
        assertEquals(Set.of(), descriptor.uses());
    }

    private static String describe(ModuleDescriptor.Requires requires) {
        String modifiers = requires.modifiers().stream()
                .map(modifier -> modifier.name().toLowerCase(java.util.Locale.ROOT))
                .sorted()
                .collect(Collectors.joining(" "));
        return modifiers.isEmpty() ? requires.name() : modifiers + " " + requires.name();
    }
}
