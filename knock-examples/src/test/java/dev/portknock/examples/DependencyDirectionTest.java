package dev.portknock.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the dependency direction of DESIGN.md's module table: each module may require only the
 * modules the table allows (besides the JDK's), so dependencies point up the table, never down.
 * This module's tests see every published module on their class path.
 */
class DependencyDirectionTest {
    /** A module, a class it holds, and the non-JDK modules DESIGN.md lets it require. */
    record Rule(String module, String classInside, Set<String> allowed) {
        @Override
        public String toString() {
            return module;
        }
    }

    static Rule[] rules() {
        return new Rule[] {
            new Rule("dev.portknock.core", "dev.portknock.core.Profile", Set.of()),
            new Rule("dev.portknock.pad", "dev.portknock.pad.Pad",
                    Set.of("dev.portknock.core", "org.bouncycastle.provider", "org.slf4j")),
            new Rule("dev.portknock.spi", "dev.portknock.spi.CaptureProvider", Set.of("dev.portknock.core")),
            new Rule("dev.portknock.testkit", "dev.portknock.testkit.TestPads", Set.of("dev.portknock.core",
                    "dev.portknock.pad", "dev.portknock.spi", "dev.portknock.runtime", "org.junit.jupiter.api")),
            new Rule("dev.portknock.runtime", "dev.portknock.runtime.KnockServer",
                    Set.of("dev.portknock.core", "dev.portknock.pad", "dev.portknock.spi", "org.slf4j")),
            new Rule("dev.portknock.pcap", "dev.portknock.pcap.PcapCaptureProvider",
                    Set.of("dev.portknock.spi", "com.sun.jna")),
            new Rule("dev.portknock.nflog", "dev.portknock.nflog.NflogCaptureProvider",
                    Set.of("dev.portknock.spi", "com.sun.jna")),
            // issue #9 lets the fleet store bring a connection pool (HikariCP) besides the driver
            new Rule("dev.portknock.jdbc", "dev.portknock.jdbc.JdbcPadStateStore",
                    Set.of("dev.portknock.pad", "org.postgresql.jdbc", "com.zaxxer.hikari", "org.slf4j")),
        };
    }

    private static ModuleDescriptor descriptorOf(Rule rule) throws IOException, URISyntaxException, ClassNotFoundException {
        Path location = Path.of(Class.forName(rule.classInside()).getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(location)) {
            try (InputStream in = Files.newInputStream(location.resolve("module-info.class"))) {
                return ModuleDescriptor.read(in);
            }
        }
        return ModuleFinder.of(location).findAll().stream().map(ModuleReference::descriptor).findFirst()
                .orElseThrow(() -> new AssertionError("no module descriptor in " + location));
    }

    private static boolean isJdk(String module) {
        return module.startsWith("java.") || module.startsWith("jdk.");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void requiresOnlyWhatTheModuleTableAllows(Rule rule) throws Exception {
        ModuleDescriptor descriptor = descriptorOf(rule);
        assertEquals(rule.module(), descriptor.name());
        Set<String> required = descriptor.requires().stream().map(ModuleDescriptor.Requires::name)
                .filter(name -> !isJdk(name)).collect(Collectors.toCollection(TreeSet::new));
        Set<String> forbidden = new TreeSet<>(required);
        forbidden.removeAll(rule.allowed());
        assertTrue(forbidden.isEmpty(), rule.module() + " requires " + forbidden + ", which DESIGN.md does not allow");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void neverRequiresAModuleFurtherDownTheTable(Rule rule) throws Exception {
        Map<String, Integer> position = new java.util.HashMap<>();
        Rule[] rules = rules();
        for (int i = 0; i < rules.length; i++) {
            position.put(rules[i].module(), i);
        }
        int own = position.get(rule.module());
        for (ModuleDescriptor.Requires requires : descriptorOf(rule).requires()) {
            Integer other = position.get(requires.name());
            assertTrue(other == null || other < own, rule.module() + " requires " + requires.name()
                    + ", which stands below it in DESIGN.md's table");
        }
    }
}
