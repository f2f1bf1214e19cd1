package dev.portknock.runtime.backend;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A backend's settings by name, read with clear errors: every message names the backend and the
 * setting. Unknown names are rejected so a misspelt setting is not silently ignored.
 */
final class Settings {
    private final String backend;
    private final Map<String, String> values;

    private Settings(String backend, Map<String, String> values) {
        this.backend = backend;
        this.values = values;
    }

    /** The settings of a backend, after checking that every name is one it knows. */
    static Settings of(String backend, Map<String, String> values, Set<String> known) {
        Map<String, String> copy = Map.copyOf(values);
        Set<String> unknown = new TreeSet<>(copy.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(backend + " launcher: unknown setting " + unknown.iterator().next()
                    + " (known: " + String.join(", ", new TreeSet<>(known)) + ")");
        }
        return new Settings(backend, copy);
    }

    /** A setting that may be absent; present but blank counts as absent. */
    Optional<String> optional(String name) {
        return Optional.ofNullable(values.get(name)).map(String::strip).filter(value -> !value.isEmpty());
    }

    /** A setting that must be present and not blank. */
    String required(String name) {
        return optional(name).orElseThrow(() -> new IllegalArgumentException(
                backend + " launcher: setting " + name + " is required"));
    }

    /** A setting that must be {@code true} or {@code false}. */
    boolean bool(String name, boolean fallback) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return fallback;
        }
        switch (value.get()) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new IllegalArgumentException(backend + " launcher: setting " + name
                        + " must be true or false: " + value.get());
        }
    }

    /** A whole number within bounds. */
    int integer(String name, int fallback, int min, int max) {
        Optional<String> value = optional(name);
        return value.isEmpty() ? fallback : parseInteger(name, value.get(), min, max);
    }

    /** Parses a whole number within bounds, naming the setting when it is not one. */
    int parseInteger(String name, String text, int min, int max) {
        int parsed;
        try {
            parsed = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(backend + " launcher: setting " + name
                    + " must be a whole number in " + min + ".." + max + ": " + text, e);
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException(backend + " launcher: setting " + name
                    + " must be a whole number in " + min + ".." + max + ": " + text);
        }
        return parsed;
    }
}
