package dev.portknock.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.module.ModuleDescriptor;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Pins knock-core's module descriptor: a pure library over the JDK's base module. */
class CoreModuleTest {
    private final ModuleDescriptor descriptor = ModuleDescriptors.of(Profile.class);

    @Test
    void isNamedAfterItsPackageRoot() {
        assertEquals("dev.portknock.core", descriptor.name());
    }

    @Test
    void exportsTheCorePackageToEveryoneAndTheBuilderGuardToThePadsAndTheRuntimeOnly() {
        assertEquals(Set.of("dev.portknock.core",
                "dev.portknock.core.internal to [dev.portknock.pad, dev.portknock.runtime]"),
                ModuleDescriptors.exports(descriptor));
    }

    @Test
    void requiresNothingButJavaBase() {
        assertEquals(Set.of("java.base"), ModuleDescriptors.requires(descriptor));
    }

    @Test
    void neitherProvidesNorUsesServices() {
        assertEquals(Set.of(), ModuleDescriptors.provides(descriptor));
        assertEquals(Set.of(), descriptor.uses());
    }

    @Test
    void opensNothing() {
        assertFalse(descriptor.isOpen());
        assertEquals(Set.of(), descriptor.opens());
    }
}
