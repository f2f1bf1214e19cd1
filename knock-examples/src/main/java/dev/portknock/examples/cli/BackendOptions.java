package dev.portknock.examples.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A door's backend options ({@code capture_option.NAME}, {@code launcher_option.NAME}) added to the
 * settings the door's own keys give a capture or launch backend.
 *
 * <p>Options pass through as they are, for backends this project does not know; an option may not
 * set again what the door's own keys set, so a file cannot say one thing twice in two ways.
 */
final class BackendOptions {
    private BackendOptions() {
    }

    /**
     * {@code settings} and {@code options} in one map, the settings first.
     *
     * @param prefix the options' key prefix in the configuration, for the message
     * @throws IllegalArgumentException when an option sets what {@code settings} already holds
     */
    static Map<String, String> merge(Map<String, String> settings, Map<String, String> options, String prefix) {
        Map<String, String> all = new LinkedHashMap<>(settings);
        for (Map.Entry<String, String> option : options.entrySet()) {
            if (all.putIfAbsent(option.getKey(), option.getValue()) != null) {
                throw new IllegalArgumentException(prefix + option.getKey() + " sets " + option.getKey()
                        + ", which the door's other keys set already");
            }
        }
        return all;
    }
}
