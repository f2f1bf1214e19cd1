package dev.portknock.spi;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * A launch backend, found through {@link java.util.ServiceLoader} (register it in
 * {@code module-info} with {@code provides} and in {@code META-INF/services}).
 */
public interface LauncherProvider {
    /** The backend's unique id, e.g. {@code process} or {@code nftables}. */
    String id();

    /** What the backend needs to run. */
    Set<Requirement> requirements();

    /**
     * A launcher configured by backend-specific settings (e.g. {@code start_command}).
     *
     * @throws IllegalArgumentException naming a missing or bad setting
     * @throws IOException when the backend cannot be used here
     */
    Launcher create(Map<String, String> settings) throws IOException;
}
