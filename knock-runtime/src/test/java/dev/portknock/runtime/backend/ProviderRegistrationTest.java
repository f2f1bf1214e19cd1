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

/** The providers as {@link ServiceLoader} finds them through META-INF/services on the class path. */
class ProviderRegistrationTest {
    @Test
    void captureProvidersAreFoundWithTheirRequirements() {
        Map<String, Set<Requirement>> found = ServiceLoader.load(CaptureProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .collect(Collectors.toMap(CaptureProvider::id, CaptureProvider::requirements));
        assertEquals(Map.of("udp-socket", Set.of(Requirement.UDP_PORTS)), found);
    }

    @Test
    void launcherProvidersAreFoundWithTheirRequirements() {
        Map<String, Set<Requirement>> found = ServiceLoader.load(LauncherProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .collect(Collectors.toMap(LauncherProvider::id, LauncherProvider::requirements));
        assertEquals(Map.of("process", Set.of(),
                "nftables", Set.of(Requirement.FIREWALL_PRIVILEGE, Requirement.NFTABLES)), found);
    }
}
