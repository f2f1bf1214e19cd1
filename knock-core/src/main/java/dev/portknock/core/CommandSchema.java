package dev.portknock.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The meaning of a knock's command digits: an ordered list of distinct names. The default is the
 * seed's {@code service, duration, delay} (PROTOCOL.md §2).
 *
 * @param names one name per command digit
 */
public record CommandSchema(List<String> names) {
    /** Name of the service digit in the default schema. */
    public static final String SERVICE = "service";
    /** Name of the duration digit (seconds; 0 means the door's default). */
    public static final String DURATION = "duration";
    /** Name of the delay digit (seconds after the last packet). */
    public static final String DELAY = "delay";

    /** {@code service, duration, delay}. */
    public static final CommandSchema DEFAULT = new CommandSchema(List.of(SERVICE, DURATION, DELAY));
    /** No command digits (M = 0). */
    public static final CommandSchema EMPTY = new CommandSchema(List.of());

    /** Validates and copies the names. */
    public CommandSchema {
        names = List.copyOf(Objects.requireNonNull(names, "names"));
        for (String name : names) {
            if (name.isBlank() || !name.equals(name.strip())) {
                throw new IllegalArgumentException("command digit name must be a non-blank word: '" + name + "'");
            }
        }
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException("command digit names must be distinct: " + names);
        }
    }

    /**
     * The default schema of a door with {@code digits} command digits (PROTOCOL.md §2): the
     * protocol's {@code service, duration, delay} cut to that many digits, further digits named
     * {@code digit4}, {@code digit5}, ... and carried without meaning. Client and server use it
     * unless they agree on another.
     *
     * @param digits M, the profile's command digits (not negative)
     * @throws IllegalArgumentException when {@code digits} is negative
     */
    public static CommandSchema forDigits(int digits) {
        if (digits < 0) {
            throw new IllegalArgumentException("command digits must not be negative: " + digits);
        }
        List<String> meanings = DEFAULT.names();
        List<String> names = new ArrayList<>(digits);
        for (int i = 0; i < digits; i++) {
            names.add(i < meanings.size() ? meanings.get(i) : "digit" + (i + 1));
        }
        return new CommandSchema(names);
    }

    /** A schema of the given names. */
    public static CommandSchema of(String... names) {
        return new CommandSchema(List.of(names));
    }

    /** M, the number of digits. */
    public int size() {
        return names.size();
    }

    /** The position of a named digit. */
    public int indexOf(String name) {
        int index = names.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("no command digit named '" + name + "' in " + names);
        }
        return index;
    }

    /**
     * Parses comma-separated values, e.g. {@code 22,60,1}, against this schema and a radix.
     *
     * @throws IllegalArgumentException naming the bad value, or a wrong count
     */
    public Command parse(String text, int radix) {
        String[] parts = text.isBlank() ? new String[0] : text.split(",", -1);
        if (parts.length != size()) {
            throw new IllegalArgumentException(
                    "command needs " + size() + " values (" + String.join(",", names) + "): '" + text + "'");
        }
        int[] values = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                values[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                String value = parts[i].strip();
                // a run of digits too long for an int is a number, just far out of range
                boolean tooLarge = !value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9');
                throw new IllegalArgumentException(tooLarge
                        ? "command value '" + value + "' does not fit a digit (0.." + (radix - 1) + ")"
                        : "command value '" + value + "' is not a number");
            }
        }
        return Command.of(this, radix, values);
    }
}
