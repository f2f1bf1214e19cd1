package dev.portknock.examples.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

/**
 * The syntax layer: knockd's {@code [section]} headers and {@code key = value} lines, keys
 * case-insensitive, {@code #} comment lines. Checks each key against the keys its section may
 * hold (a {@link Grammar}: the server's doors and options, or the client's hosts), folds aliases
 * into one name and refuses duplicates; the meaning of values is left to the readers
 * ({@link OptionsReader}, {@link DoorReader}, {@link ClientConfigParser}).
 */
final class Sections {
    /** The section name knockd reserves for global options (compared case-insensitively). */
    static final String OPTIONS = "options";
    /** The longest section name accepted (knockd's limit). */
    static final int MAX_NAME = 255;

    static final Set<String> OPTION_KEYS = Set.of("logfile", "usesyslog", "pidfile", "interface", "lockdir",
            "holesjournal", "controlsocket", "metrics", "maxsources", "warmupknocks");

    static final Set<String> DOOR_KEYS = Set.of(
            // knockd
            "sequence", "one_time_sequences", "seq_timeout", "tcpflags", "start_command", "start_command_6",
            "stop_command", "stop_command_6", "cmd_timeout",
            // portknock's extensions for one-time doors
            "scheme", "pad", "state", "base_port", "digit_bits", "command_digits", "tag_digits", "window",
            "bind_source", "accept_weakness", "protocol", "capture", "listen", "services", "max_duration",
            "launcher", "failure_limit", "failure_interval", "capture_buffer_size", "nflog_group", "low_water",
            "hint_digits");

    /** knockd's alternative spellings (and ours), folded into the canonical key. */
    static final Map<String, String> ALIASES = Map.of(
            "command", "start_command",
            "command_6", "start_command_6",
            "timeout", "seq_timeout",
            "target", "listen",
            "default_duration", "cmd_timeout");

    private static final Pattern LAUNCHER_SETTING = Pattern.compile("nft_[a-z0-9_]+");
    private static final Pattern BACKEND_OPTION = Pattern.compile("(capture|launcher)_option\\.[a-z0-9][a-z0-9._-]*");

    /** The server's configuration: {@code [options]} and doors, with knockd's keys and aliases. */
    static final Grammar SERVER = new Grammar(ALIASES,
            (section, key) -> section.isOptions()
                    ? OPTION_KEYS.contains(key)
                    : DOOR_KEYS.contains(key) || LAUNCHER_SETTING.matcher(key).matches()
                            || BACKEND_OPTION.matcher(key).matches(),
            Set.of("usesyslog"), "start with [options] or a [door] header");

    /**
     * Which keys a kind of configuration file allows.
     *
     * @param aliases alternative spellings, folded into the canonical key
     * @param allows whether a section may hold a canonical key
     * @param bareKeys the keys that may be written alone, without {@code =}
     * @param firstHeader how the message about a key outside any section says to start
     */
    record Grammar(Map<String, String> aliases, BiPredicate<Section, String> allows, Set<String> bareKeys,
            String firstHeader) {
    }

    /** A key: a word, or a prefix and a backend option's name ({@code capture_option.buffer_size}). */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_]+(\\.[A-Za-z0-9][A-Za-z0-9._-]*)?");
    private static final int EXCERPT = 40;

    /**
     * One {@code key = value} line.
     *
     * @param key canonical lowercase key
     * @param written the key as the file spells it, for messages
     * @param value the value, stripped; empty for a bare key
     * @param location its place
     */
    record Entry(String key, String written, String value, Location location) {
    }

    /**
     * One section with its entries in file order.
     *
     * @param name the name between the brackets, stripped
     * @param location the header's place
     * @param entries by canonical key
     */
    record Section(String name, Location location, Map<String, Entry> entries) {
        boolean isOptions() {
            return name.equalsIgnoreCase(OPTIONS);
        }

        Optional<Entry> get(String key) {
            return Optional.ofNullable(entries.get(key));
        }

        /** {@code [name]}, as messages show the section. */
        String label() {
            return "[" + name + "]";
        }
    }

    private Sections() {
    }

    /** Groups the lines into sections, in file order, allowing the keys of {@code grammar}. */
    static List<Section> parse(List<ConfigText.Line> lines, String source, Grammar grammar) throws ConfigException {
        List<Section> sections = new ArrayList<>();
        Map<String, Section> byName = new LinkedHashMap<>();
        Section current = null;
        for (ConfigText.Line line : lines) {
            String text = line.text().strip();
            Location location = new Location(source, line.number());
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            if (text.startsWith("[")) {
                current = header(text, location);
                Section first = byName.putIfAbsent(current.name().toLowerCase(Locale.ROOT), current);
                if (first != null) {
                    throw new ConfigException(location, "duplicate section " + current.label()
                            + ", first at line " + first.location().line());
                }
                sections.add(current);
            } else if (current == null) {
                throw new ConfigException(location, "'" + excerpt(text)
                        + "' is outside any section; " + grammar.firstHeader());
            } else {
                add(current, entry(text, location, current, grammar));
            }
        }
        return sections;
    }

    private static Section header(String text, Location location) throws ConfigException {
        if (!text.endsWith("]")) {
            throw new ConfigException(location, "section header '" + excerpt(text) + "' is missing ']'");
        }
        String name = text.substring(1, text.length() - 1).strip();
        if (name.isEmpty()) {
            throw new ConfigException(location, "empty section name");
        }
        // a door's name reaches logs and the core's door names, which refuse control characters
        if (name.indexOf('[') >= 0 || name.indexOf(']') >= 0 || name.chars().anyMatch(Character::isISOControl)) {
            throw new ConfigException(location, "bad section name '" + excerpt(name) + "'");
        }
        if (name.length() > MAX_NAME) {
            throw new ConfigException(location, "section name is longer than " + MAX_NAME + " characters");
        }
        return new Section(name, location, new LinkedHashMap<>());
    }

    private static Entry entry(String text, Location location, Section section, Grammar grammar)
            throws ConfigException {
        int equals = text.indexOf('=');
        String written = (equals < 0 ? text : text.substring(0, equals)).strip();
        String value = equals < 0 ? "" : text.substring(equals + 1).strip();
        if (written.isEmpty()) {
            throw new ConfigException(location, "missing key before '='");
        }
        if (!KEY.matcher(written).matches()) {
            throw new ConfigException(location, equals < 0
                    ? "expected 'key = value', found '" + excerpt(text) + "'"
                    : "bad key '" + excerpt(written) + "' in " + section.label());
        }
        String lower = written.toLowerCase(Locale.ROOT);
        String key = grammar.aliases().getOrDefault(lower, lower);
        if (!grammar.allows().test(section, key)) {
            throw new ConfigException(location, "unknown key '" + written + "' in " + section.label());
        }
        // knockd's UseSyslog is the one key written alone
        if (equals < 0 && !grammar.bareKeys().contains(key)) {
            throw new ConfigException(location, "missing '=' after '" + written + "'");
        }
        return new Entry(key, written, value, location);
    }

    private static void add(Section section, Entry entry) throws ConfigException {
        Entry first = section.entries().putIfAbsent(entry.key(), entry);
        if (first != null) {
            String as = first.written().equalsIgnoreCase(entry.written()) ? "" : " as '" + first.written() + "'";
            throw new ConfigException(entry.location(), "duplicate key '" + entry.written() + "' in "
                    + section.label() + ", first set" + as + " at line " + first.location().line());
        }
    }

    /** The start of a long text, so messages stay readable. */
    static String excerpt(String text) {
        return text.length() <= EXCERPT ? text : text.substring(0, EXCERPT) + "...";
    }
}
