package dev.portknock.examples.config;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How a door's service is opened.
 *
 * @param type the launch backend
 * @param settings the nftables launcher's settings from the door's {@code nft_*} keys, lowercase
 *                 keys as written (e.g. {@code nft_table}); empty for every other launcher (the process
 *                 launcher's commands are in {@link DoorConfig#commands()})
 * @param options the backend's own options from the door's {@code launcher_option.NAME} keys, by
 *                name (without the prefix), passed to the provider as they are; sorted by name
 */
public record LauncherConfig(LauncherType type, Map<String, String> settings, Map<String, String> options) {
    /** The prefix of a door's keys that pass an option to its launch backend as it is. */
    public static final String OPTION_PREFIX = "launcher_option.";

    /** Validates and copies; settings and options are kept sorted by key. */
    public LauncherConfig {
        Objects.requireNonNull(type, "type");
        settings = java.util.Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(settings, "settings")));
        options = java.util.Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(options, "options")));
        if (!type.equals(LauncherType.NFTABLES) && !settings.isEmpty()) {
            throw new IllegalArgumentException("the " + type.id() + " launcher takes no settings: " + settings.keySet());
        }
    }

    /** A launcher with no backend options of its own. */
    public LauncherConfig(LauncherType type, Map<String, String> settings) {
        this(type, settings, Map.of());
    }
}
