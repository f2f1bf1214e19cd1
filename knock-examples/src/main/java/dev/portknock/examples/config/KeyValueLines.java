package dev.portknock.examples.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Flat {@code key = value} lines with no sections, each key at most once: a pad's side file and a
 * client bundle's header. Blank lines and {@code #} comments are skipped.
 */
final class KeyValueLines {
    /** Which keys a file may hold. */
    @FunctionalInterface
    interface Keys {
        /**
         * The key to file a line under, for the key as written.
         *
         * @throws ConfigException naming the key when the file may not hold it
         */
        String known(String written, Location location) throws ConfigException;
    }

    private KeyValueLines() {
    }

    /**
     * The lines' entries by key, in file order.
     *
     * @throws ConfigException for a line without {@code =}, a key {@code keys} refuses, or a key
     *     given twice
     */
    static Map<String, Sections.Entry> read(List<ConfigText.Line> lines, String source, Keys keys)
            throws ConfigException {
        Map<String, Sections.Entry> entries = new LinkedHashMap<>();
        for (ConfigText.Line line : lines) {
            String text = line.text().strip();
            Location location = new Location(source, line.number());
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            int equals = text.indexOf('=');
            if (equals < 0) {
                throw new ConfigException(location, "expected 'key = value', found '" + Sections.excerpt(text) + "'");
            }
            String written = text.substring(0, equals).strip();
            String key = keys.known(written, location);
            Sections.Entry entry = new Sections.Entry(key, written, text.substring(equals + 1).strip(), location);
            Sections.Entry first = entries.putIfAbsent(key, entry);
            if (first != null) {
                throw new ConfigException(location, "duplicate key '" + written + "', first set at line "
                        + first.location().line());
            }
        }
        return entries;
    }
}
