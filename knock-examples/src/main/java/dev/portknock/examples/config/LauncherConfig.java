package dev.portknock.examples.config;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How a door's service is opened.
 *
 * @param type the launch backend
 * @param settings backend settings from the door's {@code nft_*} keys, lowercase keys as written
 *                 (e.g. {@code nft_table}); empty for the process launcher, whose commands are in
 *                 {@link DoorConfig#commands()}
 */
public record LauncherConfig(LauncherType type, Map<String, String> settings) {
    /** Validates and copies; settings are kept sorted by key. */
    public LauncherConfig {
        Objects.requireNonNull(type, "type");
        settings = java.util.Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(settings, "settings")));
        if (type == LauncherType.PROCESS && !settings.isEmpty()) {
            throw new IllegalArgumentException("the process launcher takes no settings: " + settings.keySet());
        }
    }
}
