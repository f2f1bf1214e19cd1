package dev.portknock.testkit;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.portknock.spi.ProviderRegistry;
import org.junit.jupiter.api.Test;

/** A test with the test kit on its class path can name its backends by id. */
class DiscoveryTest {
    @Test
    void theInMemoryCaptureIsFoundByItsId() {
        assertInstanceOf(InMemoryCaptureProvider.class, ProviderRegistry.discoverCaptureProviders().get("in-memory"));
    }

    @Test
    void theRecordingLauncherIsFoundByItsId() {
        assertInstanceOf(RecordingLauncherProvider.class,
                ProviderRegistry.discoverLauncherProviders().get("recording"));
    }
}
