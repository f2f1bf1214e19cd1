package dev.portknock.examples.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A validated server configuration: knockd's global options and at least one door.
 *
 * @param options the {@code [options]} section (all absent when the file has none)
 * @param doors the door sections in file order; names unique regardless of case; doors that share a
 *              capture source ({@link CaptureConfig#sharesSourceWith}) agree on its buffer size; nflog
 *              doors that do not share one use different groups
 */
public record ServerConfig(Options options, List<DoorConfig> doors) {
    /** Validates and copies. */
    public ServerConfig {
        Objects.requireNonNull(options, "options");
        doors = List.copyOf(Objects.requireNonNull(doors, "doors"));
        if (doors.isEmpty()) {
            throw new IllegalArgumentException("a server configuration needs at least one door");
        }
        Set<String> names = new HashSet<>();
        for (DoorConfig door : doors) {
            if (!names.add(door.name().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("duplicate door name: " + door.name());
            }
        }
        for (int later = 1; later < doors.size(); later++) {
            for (int earlier = 0; earlier < later; earlier++) {
                CaptureConfig a = doors.get(earlier).capture();
                CaptureConfig b = doors.get(later).capture();
                if (a.sharesSourceWith(b) && !a.bufferSize().equals(b.bufferSize())) {
                    throw new IllegalArgumentException("doors sharing a capture must agree on its buffer size: "
                            + doors.get(earlier).name() + " and " + doors.get(later).name());
                }
                if (a.contendsForNflogGroupWith(b)) {
                    throw new IllegalArgumentException("doors watched differently need nflog groups of their own: "
                            + doors.get(earlier).name() + " and " + doors.get(later).name());
                }
            }
        }
    }

    /**
     * Reads and validates a configuration file (knockd.conf syntax with portknock's extensions;
     * see {@link ServerConfigParser}). Relative paths in it are resolved against its directory.
     *
     * @throws IOException when the file cannot be read
     * @throws ConfigException when its content is not a valid configuration (names file and line)
     */
    public static ServerConfig load(Path file) throws IOException, ConfigException {
        return ServerConfigParser.parse(file);
    }

    /**
     * Reads a configuration file as {@link #load(Path)} does, capturing on the given interface
     * whatever {@code [options] Interface} says (knockd's {@code -i}).
     *
     * @throws IllegalArgumentException when the interface name is not one
     * @throws IOException when the file cannot be read
     * @throws ConfigException when its content is not a valid configuration (names file and line)
     */
    public static ServerConfig load(Path file, Optional<String> networkInterface) throws IOException, ConfigException {
        return ServerConfigParser.parse(file, networkInterface);
    }

    /**
     * Reads a configuration file as {@link #load(Path, Optional)} does, whose doors may name the
     * capture and launcher providers of {@code providers} (e.g. those on the class path).
     *
     * @throws IllegalArgumentException when the interface name is not one
     * @throws IOException when the file cannot be read
     * @throws ConfigException when its content is not a valid configuration (names file and line)
     */
    public static ServerConfig load(Path file, Optional<String> networkInterface, ProviderIds providers)
            throws IOException, ConfigException {
        return ServerConfigParser.parse(file, networkInterface, providers);
    }

    /** The door with this name (case-insensitive), if any. */
    public Optional<DoorConfig> door(String name) {
        return doors.stream().filter(d -> d.name().equalsIgnoreCase(name)).findFirst();
    }
}
