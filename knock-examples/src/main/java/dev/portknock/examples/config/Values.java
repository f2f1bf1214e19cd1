package dev.portknock.examples.config;

import dev.portknock.core.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Reads typed values from entries; every failure names the entry's place and key. */
final class Values {
    /** The longest duration accepted anywhere, in seconds (one day). */
    static final int MAX_SECONDS = 86_400;

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");
    /** Up to 18 digits, so that {@link Long#parseLong} cannot overflow before the range check. */
    private static final Pattern LONG_DIGITS = Pattern.compile("[0-9]{1,18}");
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9_.:@-]{1,15}");

    private Values() {
    }

    static ConfigException error(Sections.Entry entry, String problem) {
        return new ConfigException(entry.location(), problem);
    }

    /** The value, refusing an empty one. */
    static String text(Sections.Entry entry) throws ConfigException {
        if (entry.value().isEmpty()) {
            throw error(entry, "empty value for '" + entry.written() + "'");
        }
        return entry.value();
    }

    /** A decimal number of at most nine digits; range checks are the caller's (or core's). */
    static int number(Sections.Entry entry) throws ConfigException {
        String text = text(entry);
        if (!DIGITS.matcher(text).matches()) {
            throw error(entry, "bad number '" + Sections.excerpt(text) + "' for '" + entry.written() + "'");
        }
        return Integer.parseInt(text);
    }

    /** A number in {@code min..max}. */
    static int number(Sections.Entry entry, int min, int max) throws ConfigException {
        int value = number(entry);
        if (value < min || value > max) {
            throw error(entry, "'" + entry.written() + "' must be in " + min + ".." + max + ": " + value);
        }
        return value;
    }

    /** A size in bytes in {@code min..max}; unlike {@link #number(Sections.Entry)}, it may need ten digits. */
    static int byteCount(Sections.Entry entry, int min, int max) throws ConfigException {
        String text = text(entry);
        if (!LONG_DIGITS.matcher(text).matches()) {
            throw error(entry, "bad number '" + Sections.excerpt(text) + "' for '" + entry.written() + "'");
        }
        long value = Long.parseLong(text);
        if (value < min || value > max) {
            throw error(entry, "'" + entry.written() + "' must be in " + min + ".." + max + ": " + text);
        }
        return (int) value;
    }

    /** Whole seconds, 1 to {@link #MAX_SECONDS}. */
    static Duration seconds(Sections.Entry entry) throws ConfigException {
        return Duration.ofSeconds(number(entry, 1, MAX_SECONDS));
    }

    /** {@code yes}, {@code no}, {@code true} or {@code false}, any case. */
    static boolean bool(Sections.Entry entry) throws ConfigException {
        return switch (text(entry).toLowerCase(Locale.ROOT)) {
            case "yes", "true" -> true;
            case "no", "false" -> false;
            default -> throw error(entry, "'" + entry.written() + "' must be yes or no: '"
                    + Sections.excerpt(entry.value()) + "'");
        };
    }

    /** {@code udp} or {@code tcp}, any case; the message calls the key by its written name. */
    static Transport transport(Sections.Entry entry) throws ConfigException {
        return switch (text(entry).toLowerCase(Locale.ROOT)) {
            case "udp" -> Transport.UDP;
            case "tcp" -> Transport.TCP;
            default -> throw error(entry, "unknown " + entry.written().toLowerCase(Locale.ROOT) + " '"
                    + Sections.excerpt(entry.value()) + "'; expected udp or tcp");
        };
    }

    /** A path, resolved against the configuration's directory when relative. */
    static Path path(Sections.Entry entry, Path baseDirectory) throws ConfigException {
        String text = text(entry);
        try {
            return baseDirectory.resolve(Path.of(text)).normalize();
        } catch (InvalidPathException e) {
            throw error(entry, "bad path '" + Sections.excerpt(text) + "' for '" + entry.written() + "'");
        }
    }

    /**
     * Comma-separated paths, each resolved against the configuration's directory when relative,
     * in the order written, none empty.
     */
    static List<Path> paths(Sections.Entry entry, Path baseDirectory) throws ConfigException {
        List<Path> paths = new ArrayList<>();
        for (String item : text(entry).split(",", -1)) {
            String text = item.strip();
            if (text.isEmpty()) {
                throw error(entry, "empty item in '" + entry.written() + "'; expected comma-separated paths");
            }
            try {
                paths.add(baseDirectory.resolve(Path.of(text)).normalize());
            } catch (InvalidPathException e) {
                throw error(entry, "bad path '" + Sections.excerpt(text) + "' for '" + entry.written() + "'");
            }
        }
        return paths;
    }

    /**
     * An IP address literal. Host names are refused: resolving them would make reading a
     * configuration depend on (and leak to) the network.
     */
    static InetAddress address(Sections.Entry entry) throws ConfigException {
        String text = text(entry);
        boolean literal = IPV4.matcher(text).matches() ? octetsFit(text) : IPV6.matcher(text).matches();
        if (literal) {
            try {
                return InetAddress.getByName(text);
            } catch (UnknownHostException e) {
                // a malformed IPv6 literal; reported below
            }
        }
        throw error(entry, "'" + entry.written() + "' must be an ip address literal: '" + Sections.excerpt(text) + "'");
    }

    /**
     * An address and port to listen on: {@code PORT} (on 127.0.0.1: loopback unless told),
     * {@code ADDRESS:PORT} or {@code [IPV6]:PORT}, the address a literal and the port 1..65535.
     */
    static InetSocketAddress listenAddress(Sections.Entry entry) throws ConfigException {
        String text = text(entry);
        String host = "127.0.0.1";
        String port = text;
        int colon = text.lastIndexOf(':');
        if (text.startsWith("[") && text.contains("]:")) {
            host = text.substring(1, text.indexOf("]:"));
            port = text.substring(text.indexOf("]:") + 2);
        } else if (colon >= 0 && text.indexOf(':') == colon) {
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
        }
        boolean literal = IPV4.matcher(host).matches() ? octetsFit(host) : IPV6.matcher(host).matches();
        if (!literal || !DIGITS.matcher(port).matches() || port.length() > 5 || Integer.parseInt(port) < 1
                || Integer.parseInt(port) > 65535) {
            throw error(entry, "'" + entry.written() + "' must be PORT, ADDRESS:PORT or [IPV6]:PORT with an ip address "
                    + "literal and a port in 1..65535: '" + Sections.excerpt(text) + "'");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(port));
        } catch (UnknownHostException e) {
            throw error(entry, "'" + entry.written() + "' must have an ip address literal: '" + Sections.excerpt(text)
                    + "'");
        }
    }

    private static boolean octetsFit(String text) {
        for (String octet : text.split("\\.")) {
            if (Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    /** A network interface name as Linux allows it (at most 15 characters, no spaces or slashes). */
    static String interfaceName(Sections.Entry entry) throws ConfigException {
        String text = text(entry);
        if (!INTERFACE.matcher(text).matches()) {
            throw error(entry, "bad interface name '" + Sections.excerpt(text) + "'");
        }
        return text;
    }

    /** An interface name given elsewhere than in a file (the command line's {@code -i}). */
    static String requireInterfaceName(String text) {
        if (!INTERFACE.matcher(text).matches()) {
            throw new IllegalArgumentException("bad interface name '" + Sections.excerpt(text) + "'");
        }
        return text;
    }

    /** Comma-separated numbers, e.g. {@code 22,443}. */
    static List<Integer> numbers(Sections.Entry entry) throws ConfigException {
        List<Integer> values = new ArrayList<>();
        for (String item : text(entry).split(",", -1)) {
            String number = item.strip();
            if (!DIGITS.matcher(number).matches()) {
                throw error(entry, "bad number '" + Sections.excerpt(number) + "' in '" + entry.written() + "'");
            }
            values.add(Integer.parseInt(number));
        }
        return values;
    }
}
