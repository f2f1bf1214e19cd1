package dev.portknock.examples.cli;

import dev.portknock.examples.config.DoorKind;
import dev.portknock.examples.config.LauncherConfig;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a door's launcher configuration into the settings of the runtime's launch backends.
 *
 * <p>The process launcher gets {@code start_command} and {@code stop_command} from knockd's
 * commands, run through {@code /bin/sh -c} as knockd runs them (redirections, pipes and
 * {@code &&} work). Only validated values are substituted: {@code %IP%} is the knocking address
 * written from its bytes (digits, dots, colons, a to f), {@code %SERVICE%} and {@code %DURATION%}
 * whole numbers, so a knocker can never inject shell syntax. Doors that are knockd's own (fixed
 * sequences) also keep knockd's rule that the stop command follows a start command that failed.
 *
 * <p>The nftables launcher gets the door's {@code nft_*} keys with the prefix removed
 * ({@code nft_set} is its {@code set}, {@code nft_port} its {@code port}, and so on for
 * {@code family}, {@code chain}, {@code create}, {@code nft}, {@code timeout}), with two
 * conveniences for configuration files: {@code nft_table = inet portknock} names the family and
 * the table at once, as nft itself writes them, and {@code nft_create} also takes yes/no and on/off.
 */
final class LauncherSettings {
    private static final String PREFIX = "nft_";

    private LauncherSettings() {
    }

    /**
     * The process launcher's settings for a start command and an optional stop command of a door
     * of this kind.
     */
    static Map<String, String> process(String startCommand, java.util.Optional<String> stopCommand, DoorKind kind) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("start_command", startCommand);
        stopCommand.ifPresent(stop -> settings.put("stop_command", stop));
        settings.put("shell", "true");
        if (kind == DoorKind.FIXED) {
            settings.put("stop_after_failed_start", "true");
        }
        return settings;
    }

    /**
     * The nftables launcher's settings from the door's {@code nft_*} keys.
     *
     * @throws IllegalArgumentException naming the key whose value cannot be mapped
     */
    static Map<String, String> nftables(LauncherConfig config) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : config.settings().entrySet()) {
            String name = entry.getKey().substring(PREFIX.length());
            String value = entry.getValue().strip();
            switch (name) {
                case "table" -> {
                    String[] words = value.split("\\s+");
                    if (words.length == 2) {
                        put(settings, "family", words[0], entry.getKey());
                        put(settings, "table", words[1], entry.getKey());
                    } else if (words.length == 1) {
                        put(settings, "table", value, entry.getKey());
                    } else {
                        throw new IllegalArgumentException(entry.getKey() + " must be a table name, optionally after "
                                + "its family (e.g. inet portknock): " + value);
                    }
                }
                case "create" -> put(settings, "create", bool(entry.getKey(), value), entry.getKey());
                default -> put(settings, name, value, entry.getKey());
            }
        }
        return settings;
    }

    private static void put(Map<String, String> settings, String name, String value, String key) {
        if (settings.putIfAbsent(name, value) != null) {
            throw new IllegalArgumentException(key + " sets nftables " + name + " a second time");
        }
    }

    private static String bool(String key, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "yes", "on", "true", "1" -> "true";
            case "no", "off", "false", "0" -> "false";
            default -> throw new IllegalArgumentException(key + " must be yes or no: " + value);
        };
    }
}
