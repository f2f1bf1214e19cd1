package dev.portknock.runtime.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portknock.spi.CaptureProvider;
import dev.portknock.spi.LauncherProvider;
import dev.portknock.spi.Requirement;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * This module's providers as {@link ServiceLoader} finds them through META-INF/services on the class
 * path (other modules on the test class path, such as the SPI's in-memory backends, are left out).
 */
class ProviderRegistrationTest {
    @Test
    void captureProvidersAreFoundWithTheirRequirements() {
        Map<String, Set<Requirement>> found = ServiceLoader.load(CaptureProvider.class).stream()
                .filter(ProviderRegistrationTest::fromThisModule)
                .map(ServiceLoader.Provider::get)
                .collect(Collectors.toMap(CaptureProvider::id, CaptureProvider::requirements));
        assertEquals(Map.of("udp-socket", Set.of(Requirement.UDP_PORTS)), found);
    }

    @Test
    void launcherProvidersAreFoundWithTheirRequirements() {
        Map<String, Set<Requirement>> found = ServiceLoader.load(LauncherProvider.class).stream()
                .filter(ProviderRegistrationTest::fromThisModule)
                .map(ServiceLoader.Provider::get)
                .collect(Collectors.toMap(LauncherProvider::id, LauncherProvider::requirements));
        assertEquals(Map.of("process", Set.of(),
                "nftables", Set.of(Requirement.FIREWALL_PRIVILEGE, Requirement.NFTABLES)), found);
    }

    private static boolean fromThisModule(ServiceLoader.Provider<?> provider) {
        return provider.type().getPackageName().equals(ProviderRegistrationTest.class.getPackageName());
    }
}
