package dev.portknock.examples.cli;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A whole number given as a system property, a deployment's default for a configuration key
 * (the Debian package's launcher sets some). Checked as strictly as the file's own numbers.
 */
final class NumberProperty {
    /** Longest property value echoed in an error message. */
    private static final int MAX_ECHO = 40;

    private NumberProperty() {
    }

    /**
     * A configuration key's value: the file's when it set one, else property {@code name}'s when
     * set (checked by {@link #parse}), else {@code fallback}.
     *
     * @throws IllegalArgumentException when the file set none and the property is not a whole
     *     number in {@code min..max}
     */
    static int fileElse(OptionalInt file, String name, Optional<String> property, int min, int max, int fallback) {
        if (file.isPresent()) {
            return file.getAsInt();
        }
        return property.map(value -> parse(name, value, min, max)).orElse(fallback);
    }

    /**
     * The value of property {@code name}, which must be a whole number in {@code min..max}.
     *
     * @throws IllegalArgumentException naming the property and its value (cut short) otherwise
     */
    static int parse(String name, String value, int min, int max) {
        // digits only: no sign, no blanks, no grouping; at most nine, so that parseInt cannot overflow
        boolean digits = !value.isEmpty() && value.length() <= 9 && value.chars().allMatch(c -> c >= '0' && c <= '9');
        int number = digits ? Integer.parseInt(value) : -1;
        if (number < min || number > max) {
            String echo = value.length() <= MAX_ECHO ? value : value.substring(0, MAX_ECHO) + "...";
            throw new IllegalArgumentException("system property " + name + " must be a whole number in " + min + ".."
                    + max + ": '" + echo + "'");
        }
        return number;
    }
}
