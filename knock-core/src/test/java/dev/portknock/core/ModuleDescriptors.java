package dev.portknock.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * Reads a module's compiled descriptor and lists its parts as plain sets, for tests that pin
 * what a module exports, requires, provides and uses.
 *
 * <p>Tests run on the class path, where {@code getResource("module-info.class")} may answer with
 * any jar's descriptor; so the descriptor is read from the code source (classes directory or
 * jar) of a class known to belong to the module.
 */
final class ModuleDescriptors {
    private ModuleDescriptors() {
    }

    /** The descriptor compiled next to {@code member}. */
    static ModuleDescriptor of(Class<?> member) {
        Path location;
        try {
            location = Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("code source of " + member.getName() + " is not a path", e);
        }
        try {
            if (Files.isDirectory(location)) {
                try (InputStream in = Files.newInputStream(location.resolve("module-info.class"))) {
                    return ModuleDescriptor.read(in);
                }
            }
            try (JarFile jar = new JarFile(location.toFile())) {
                ZipEntry entry = jar.getEntry("module-info.class");
                if (entry == null) {
                    throw new IllegalStateException("no module-info.class in " + location);
                }
                try (InputStream in = jar.getInputStream(entry)) {
                    return ModuleDescriptor.read(in);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Exported packages, each with {@code " to " + targets} when the export is qualified. */
    static Set<String> exports(ModuleDescriptor descriptor) {
        Set<String> exports = new TreeSet<>();
        for (ModuleDescriptor.Exports export : descriptor.exports()) {
            exports.add(export.isQualified() ? export.source() + " to " + new TreeSet<>(export.targets()) : export.source());
        }
        return exports;
    }

    /** Names of the required modules, {@code java.base} included. */
    static Set<String> requires(ModuleDescriptor descriptor) {
        Set<String> requires = new TreeSet<>();
        descriptor.requires().forEach(r -> requires.add(r.name()));
        return requires;
    }

    /** Provided services as {@code service with provider, ...}. */
    static Set<String> provides(ModuleDescriptor descriptor) {
        Set<String> provides = new TreeSet<>();
        descriptor.provides().forEach(p -> provides.add(p.service() + " with " + String.join(", ", p.providers())));
        return provides;
    }
}
