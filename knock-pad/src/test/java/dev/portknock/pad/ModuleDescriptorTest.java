package dev.portknock.pad;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Pins the module's name, exports and requires (tests run on the class path, so read the descriptor). */
class ModuleDescriptorTest {
    private static ModuleDescriptor descriptor() throws Exception {
        Path classes = Path.of(Pad.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }

    @Test
    void exportsThePadPackageToEveryone() throws Exception {
        ModuleDescriptor module = descriptor();
        assertEquals("dev.portknock.pad", module.name());
        assertEquals(Set.of("dev.portknock.pad"), module.exports().stream().filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
    }

    @Test
    void exportsTheChosenDigitWriterToTheTestKitAlone() throws Exception {
        assertEquals(Set.of("dev.portknock.pad.internal to [dev.portknock.testkit]"), descriptor().exports().stream()
                .filter(ModuleDescriptor.Exports::isQualified)
                .map(e -> e.source() + " to " + e.targets().stream().sorted().toList())
                .collect(Collectors.toSet()));
    }

    @Test
    void requiresCoreSlf4jAndBouncyCastle() throws Exception {
        assertEquals(Set.of("java.base", "dev.portknock.core", "org.slf4j", "org.bouncycastle.provider"),
                descriptor().requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()));
    }
}
