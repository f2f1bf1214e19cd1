package dev.portknock.examples.config;

import dev.portknock.core.Scheme;
import dev.portknock.core.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the client configuration, {@code client.conf}, in the server's knockd.conf syntax: each
 * {@code [NAME]} stanza says how to knock on one door, as fwknop's {@code ~/.fwknoprc} stanzas do.
 *
 * <pre>
 * [gateway]
 *   host      = gateway.example.net
 *   pad       = ~/.config/portknock/gateway.pad
 *   state     = ~/.local/state/portknock
 *   service   = 22
 *   duration  = 60
 *   delay     = 1
 *   transport = udp
 *   base      = 40000
 * </pre>
 *
 * <p>Keys: {@code host}, {@code pad} or {@code bundle} (client bundles in order of use, comma-separated:
 * the client knocks with the first that has knocks left), {@code state}, {@code low_water}, {@code scheme}, {@code transport} (or
 * {@code protocol}), {@code base} (or {@code base_port}), {@code command_digits},
 * {@code tag_digits}, {@code hint_digits}, {@code service}, {@code duration}, {@code delay}, {@code bind_source},
 * {@code accept_weakness}, {@code seen_as}, {@code source_address}, {@code pacing_ms}, and for
 * {@code knock connect} {@code port} and {@code wait} (seconds). Paths starting with {@code ~/} are
 * under the home directory; other relative paths are resolved against the file's directory. As in
 * the server's configuration every mistake names file and line, with the same bounds on the input.
 * Host names are kept as text: the command line resolves them when it knocks.
 */
public final class ClientConfigParser {
    /** The command values a stanza may give, in the order of a door's command digits. */
    static final List<String> COMMAND_KEYS = List.of("service", "duration", "delay");

    private static final Set<String> KEYS = Set.of("host", "pad", "bundle", "state", "low_water", "scheme", "transport", "base",
            "command_digits", "tag_digits", "hint_digits", "service", "duration", "delay", "bind_source", "accept_weakness",
            "seen_as", "source_address", "pacing_ms", "port", "wait");
    private static final Sections.Grammar CLIENT = new Sections.Grammar(
            Map.of("protocol", "transport", "base_port", "base"),
            (section, key) -> KEYS.contains(key), Set.of(), "start with a [host] header");
    /** A host name or address literal as a resolver takes it; nothing that could be an option or a path. */
    static final Pattern HOST = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._:%-]{0,252}");
    /** The longest pause between a knock's packets, in milliseconds. */
    static final int MAX_PACING_MILLIS = 10_000;

    private ClientConfigParser() {
    }

    /**
     * Reads a client configuration file.
     *
     * @param file the file; errors name it as given
     * @param home the directory {@code ~/} stands for
     * @throws IOException when the file cannot be read
     * @throws ConfigException when its content is not a valid client configuration
     */
    public static ClientConfig parse(Path file, Path home) throws IOException, ConfigException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(home, "home");
        Path absolute = file.toAbsolutePath();
        Path directory = absolute.getParent() == null ? absolute : absolute.getParent();
        return assemble(ConfigText.read(file, file.toString()), file.toString(), directory, home);
    }

    /**
     * Parses client configuration text.
     *
     * @param text the configuration
     * @param sourceName the name errors give as the file
     * @param baseDirectory the directory relative paths are resolved against
     * @param home the directory {@code ~/} stands for
     * @throws ConfigException when the text is not a valid client configuration
     */
    public static ClientConfig parse(String text, String sourceName, Path baseDirectory, Path home)
            throws ConfigException {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(baseDirectory, "baseDirectory");
        Objects.requireNonNull(home, "home");
        return assemble(ConfigText.split(text, sourceName), sourceName, baseDirectory, home);
    }

    private static ClientConfig assemble(List<ConfigText.Line> lines, String source, Path baseDirectory, Path home)
            throws ConfigException {
        List<HostStanza> hosts = new ArrayList<>();
        for (Sections.Section section : Sections.parse(lines, source, CLIENT)) {
            hosts.add(stanza(section, baseDirectory, home));
        }
        return new ClientConfig(hosts);
    }

    private static HostStanza stanza(Sections.Section section, Path baseDirectory, Path home) throws ConfigException {
        Map<String, Integer> command = new LinkedHashMap<>();
        for (String key : COMMAND_KEYS) {
            Optional<Sections.Entry> entry = section.get(key);
            if (entry.isPresent()) {
                command.put(key, Values.number(entry.get()));
            }
        }
        Optional<Duration> wait = Optional.empty();
        if (section.get("wait").isPresent()) {
            wait = Optional.of(Values.seconds(section.get("wait").get()));
        }
        Optional<Duration> pacing = Optional.empty();
        if (section.get("pacing_ms").isPresent()) {
            pacing = Optional.of(Duration.ofMillis(Values.number(section.get("pacing_ms").get(), 0, MAX_PACING_MILLIS)));
        }
        Optional<Sections.Entry> pad = section.get("pad");
        Optional<Sections.Entry> bundle = section.get("bundle");
        if (pad.isPresent() && bundle.isPresent()) {
            Sections.Entry later = pad.get().location().line() > bundle.get().location().line() ? pad.get() : bundle.get();
            throw Values.error(later, "'pad' and 'bundle' exclude each other in " + section.label()
                    + ": a bundle holds its pad");
        }
        Optional<Long> lowWater = Optional.empty();
        if (section.get("low_water").isPresent()) {
            lowWater = Optional.of((long) Values.number(section.get("low_water").get()));
        }
        return new HostStanza(section.name(), section.location(), host(section), path(section, "pad", baseDirectory, home),
                bundles(bundle, baseDirectory, home), path(section, "state", baseDirectory, home), scheme(section), transport(section),
                number(section, "base"), number(section, "command_digits"), number(section, "tag_digits"),
                number(section, "hint_digits"), command,
                bool(section, "bind_source"), bool(section, "accept_weakness"), address(section, "seen_as"),
                address(section, "source_address"), pacing, port(section), wait, lowWater);
    }

    private static Optional<String> host(Sections.Section section) throws ConfigException {
        Optional<Sections.Entry> entry = section.get("host");
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        String text = Values.text(entry.get());
        if (!HOST.matcher(text).matches()) {
            throw Values.error(entry.get(), "'" + entry.get().written() + "' must be a host name or address: '"
                    + Sections.excerpt(text) + "'");
        }
        return Optional.of(text);
    }

    private static Optional<Path> path(Sections.Section section, String key, Path baseDirectory, Path home)
            throws ConfigException {
        Optional<Sections.Entry> entry = section.get(key);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(resolve(entry.get(), baseDirectory, home));
    }

    /** A path under the home directory when it starts with {@code ~/}, else against the file's directory. */
    private static Path resolve(Sections.Entry entry, Path baseDirectory, Path home) throws ConfigException {
        String text = Values.text(entry);
        return text.startsWith("~/") ? Values.path(rest(entry), home) : Values.path(entry, baseDirectory);
    }

    /** The comma-separated paths of {@code bundle}, each resolved as {@code pad} is. */
    private static List<Path> bundles(Optional<Sections.Entry> entry, Path baseDirectory, Path home)
            throws ConfigException {
        if (entry.isEmpty()) {
            return List.of();
        }
        List<Path> paths = new ArrayList<>();
        for (String item : Values.text(entry.get()).split(",", -1)) {
            Sections.Entry one = new Sections.Entry(entry.get().key(), entry.get().written(), item.strip(),
                    entry.get().location());
            paths.add(resolve(one, baseDirectory, home));
        }
        return paths;
    }

    /** The entry with its {@code ~/} taken off, so the rest resolves under the home directory. */
    private static Sections.Entry rest(Sections.Entry entry) {
        return new Sections.Entry(entry.key(), entry.written(), entry.value().substring(2), entry.location());
    }

    private static Optional<Scheme> scheme(Sections.Section section) throws ConfigException {
        Optional<Sections.Entry> entry = section.get("scheme");
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(switch (Values.text(entry.get()).toLowerCase(Locale.ROOT)) {
            case "sealed" -> Scheme.SEALED;
            case "raw" -> Scheme.RAW;
            default -> throw Values.error(entry.get(), "unknown scheme '" + Sections.excerpt(entry.get().value())
                    + "'; expected sealed or raw");
        });
    }

    private static Optional<Transport> transport(Sections.Section section) throws ConfigException {
        Optional<Sections.Entry> entry = section.get("transport");
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Values.transport(entry.get()));
    }

    private static Optional<Integer> number(Sections.Section section, String key) throws ConfigException {
        Optional<Sections.Entry> entry = section.get(key);
        return entry.isEmpty() ? Optional.empty() : Optional.of(Values.number(entry.get()));
    }

    private static Optional<Integer> port(Sections.Section section) throws ConfigException {
        Optional<Sections.Entry> entry = section.get("port");
        return entry.isEmpty() ? Optional.empty() : Optional.of(Values.number(entry.get(), 1, 65_535));
    }

    private static Optional<Boolean> bool(Sections.Section section, String key) throws ConfigException {
        Optional<Sections.Entry> entry = section.get(key);
        return entry.isEmpty() ? Optional.empty() : Optional.of(Values.bool(entry.get()));
    }

    private static Optional<InetAddress> address(Sections.Section section, String key) throws ConfigException {
        Optional<Sections.Entry> entry = section.get(key);
        return entry.isEmpty() ? Optional.empty() : Optional.of(Values.address(entry.get()));
    }
}
