package dev.portknock.examples.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads a server configuration in knockd.conf syntax, so that knockd users can point
 * {@code knock server} at their file, with portknock's extensions for one-time doors.
 *
 * <p>Syntax (as knockd): {@code [name]} starts a section; {@code [options]} holds global options,
 * any other name is a door. Lines are {@code key = value}, keys case-insensitive, whitespace
 * around {@code =} ignored; lines whose first non-blank character is {@code #} are comments (there
 * are no trailing comments: commands may contain {@code #}). knockd's {@code UseSyslog} may be
 * written alone.
 *
 * <p>Unlike knockd, every mistake is an error naming file and line: unknown keys, a key set twice
 * (aliases included), a section twice, keys outside a section, keys that do not fit the door's
 * kind. The input is bounded: at most {@value ConfigText#MAX_SIZE} bytes, lines of at most
 * {@value ConfigText#MAX_LINE} characters, UTF-8 text without control characters.
 *
 * <p>Nothing is opened or started: referenced files (pads, state, knockd sequence files) are only
 * named, and host names are refused so that parsing never touches the network.
 */
public final class ServerConfigParser {
    private ServerConfigParser() {
    }

    /**
     * Reads a configuration file; relative paths in it are resolved against its directory and
     * errors name the file as given.
     *
     * @throws IOException when the file cannot be read
     * @throws ConfigException when its content is not a valid configuration
     */
    public static ServerConfig parse(Path file) throws IOException, ConfigException {
        return parse(file, Optional.empty());
    }

    /**
     * Reads a configuration file as {@link #parse(Path)} does, with the network interface the
     * command line names ({@code knockd -i}), which wins over {@code [options] Interface} as
     * knockd's option does.
     *
     * @throws IllegalArgumentException when the interface name is not one (1 to 15 letters, digits
     *     or {@code _ . : @ -})
     * @throws IOException when the file cannot be read
     * @throws ConfigException when its content is not a valid configuration
     */
    public static ServerConfig parse(Path file, Optional<String> networkInterface) throws IOException, ConfigException {
        return parse(file, networkInterface, ProviderIds.builtIn());
    }

    /**
     * Reads a configuration file as {@link #parse(Path, Optional)} does, whose {@code capture}
     * and {@code launcher} keys may name the providers of {@code providers}.
     *
     * @throws IllegalArgumentException when the interface name is not one
     * @throws IOException when the file cannot be read
     * @throws ConfigException when its content is not a valid configuration
     */
    public static ServerConfig parse(Path file, Optional<String> networkInterface, ProviderIds providers)
            throws IOException, ConfigException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(networkInterface, "networkInterface");
        Objects.requireNonNull(providers, "providers");
        networkInterface.ifPresent(Values::requireInterfaceName);
        Path absolute = file.toAbsolutePath();
        Path directory = absolute.getParent() == null ? absolute : absolute.getParent();
        return assemble(ConfigText.read(file, file.toString()), file.toString(), directory, networkInterface,
                providers);
    }

    /**
     * Parses configuration text.
     *
     * @param text the configuration
     * @param sourceName the name errors give as the file, e.g. {@code knockd.conf}
     * @param baseDirectory the directory relative paths are resolved against
     * @throws ConfigException when the text is not a valid configuration
     */
    public static ServerConfig parse(String text, String sourceName, Path baseDirectory) throws ConfigException {
        return parse(text, sourceName, baseDirectory, ProviderIds.builtIn());
    }

    /**
     * Parses configuration text whose {@code capture} and {@code launcher} keys may name the
     * providers of {@code providers}.
     *
     * @param text the configuration
     * @param sourceName the name errors give as the file, e.g. {@code knockd.conf}
     * @param baseDirectory the directory relative paths are resolved against
     * @param providers the provider ids the doors may name
     * @throws ConfigException when the text is not a valid configuration
     */
    public static ServerConfig parse(String text, String sourceName, Path baseDirectory, ProviderIds providers)
            throws ConfigException {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(baseDirectory, "baseDirectory");
        Objects.requireNonNull(providers, "providers");
        return assemble(ConfigText.split(text, sourceName), sourceName, baseDirectory, Optional.empty(), providers);
    }

    private static ServerConfig assemble(List<ConfigText.Line> lines, String source, Path baseDirectory,
                                         Optional<String> networkInterface, ProviderIds providers)
            throws ConfigException {
        List<Sections.Section> sections = Sections.parse(lines, source, Sections.SERVER);
        int lastLine = Math.max(1, lines.size());
        if (sections.isEmpty()) {
            throw new ConfigException(new Location(source, lastLine),
                    "configuration is empty: no [options] or [door] section");
        }
        Options options = Options.none();
        for (Sections.Section section : sections) {
            if (section.isOptions()) {
                options = OptionsReader.read(section, baseDirectory);
            }
        }
        if (networkInterface.isPresent()) {
            options = options.withNetworkInterface(networkInterface.get());
        }
        List<Sections.Section> doorSections = new ArrayList<>();
        List<DoorConfig> doors = new ArrayList<>();
        for (Sections.Section section : sections) {
            if (!section.isOptions()) {
                doorSections.add(section);
                doors.add(DoorReader.read(section, options, baseDirectory, providers));
            }
        }
        if (doors.isEmpty()) {
            throw new ConfigException(new Location(source, lastLine), "configuration has no door section");
        }
        requireAgreeingBuffers(doorSections, doors);
        requireAgreeingCaptureOptions(doorSections, doors);
        requireOwnNflogGroups(doorSections, doors);
        return new ServerConfig(options, doors);
    }

    /**
     * Doors watched the same way share one capture source and so one buffer: they must ask for the
     * same {@code capture_buffer_size} (or all leave it out). Names both doors' lines.
     */
    private static void requireAgreeingBuffers(List<Sections.Section> sections, List<DoorConfig> doors)
            throws ConfigException {
        requireAgreeing(sections, doors, "'capture_buffer_size'", ServerConfigParser::bufferSize,
                ServerConfigParser::bufferPlace);
    }

    /**
     * Doors watched the same way share one capture source, opened once with one set of backend
     * options: they must give the same {@code capture_option.*} keys and values (or none).
     */
    private static void requireAgreeingCaptureOptions(List<Sections.Section> sections, List<DoorConfig> doors)
            throws ConfigException {
        requireAgreeing(sections, doors, "their capture_option keys", capture -> capture.options().toString(),
                Sections.Section::location);
    }

    /**
     * Doors sharing a capture source must agree on what {@code value} reads from their capture;
     * the error is placed at the later door's {@code place}, naming the earlier's.
     */
    private static void requireAgreeing(List<Sections.Section> sections, List<DoorConfig> doors, String what,
                                        Function<CaptureConfig, String> value,
                                        Function<Sections.Section, Location> place) throws ConfigException {
        for (int later = 1; later < doors.size(); later++) {
            CaptureConfig laterCapture = doors.get(later).capture();
            for (int earlier = 0; earlier < later; earlier++) {
                CaptureConfig earlierCapture = doors.get(earlier).capture();
                if (earlierCapture.sharesSourceWith(laterCapture)
                        && !value.apply(earlierCapture).equals(value.apply(laterCapture))) {
                    Sections.Section first = sections.get(earlier);
                    Sections.Section second = sections.get(later);
                    throw new ConfigException(place.apply(second), "doors sharing a capture must agree on " + what
                            + ": " + second.label() + " has " + value.apply(laterCapture) + ", " + first.label()
                            + " at " + place.apply(first) + " has " + value.apply(earlierCapture));
                }
            }
        }
    }

    /**
     * Doors captured by nflog but watched differently (another listen address) get a capture
     * source each, and each binds its group: they must name different {@code nflog_group}s.
     */
    private static void requireOwnNflogGroups(List<Sections.Section> sections, List<DoorConfig> doors)
            throws ConfigException {
        for (int later = 1; later < doors.size(); later++) {
            CaptureConfig laterCapture = doors.get(later).capture();
            for (int earlier = 0; earlier < later; earlier++) {
                if (doors.get(earlier).capture().contendsForNflogGroupWith(laterCapture)) {
                    Sections.Section first = sections.get(earlier);
                    Sections.Section second = sections.get(later);
                    throw new ConfigException(groupPlace(second), "doors watched differently need nflog groups of"
                            + " their own: " + second.label() + " and " + first.label() + " at " + groupPlace(first)
                            + " both use group " + laterCapture.nflogGroup().orElseThrow() + "; set 'nflog_group'");
                }
            }
        }
    }

    /** The door's {@code nflog_group} line, or its header when it has none. */
    private static Location groupPlace(Sections.Section section) {
        return section.get("nflog_group").map(Sections.Entry::location).orElse(section.location());
    }

    /** The door's {@code capture_buffer_size} line, or its header when it has none. */
    private static Location bufferPlace(Sections.Section section) {
        return section.get("capture_buffer_size").map(Sections.Entry::location).orElse(section.location());
    }

    private static String bufferSize(CaptureConfig capture) {
        return capture.bufferSize().map(String::valueOf).orElse("none (the default)");
    }
}
