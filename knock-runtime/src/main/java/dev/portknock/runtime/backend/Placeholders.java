package dev.portknock.runtime.backend;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code %IP%}, {@code %PORT%}, {@code %SERVICE%} and {@code %DURATION%} in one pass, so
 * a substituted value is never scanned for placeholders again. Other {@code %} text is left as it
 * is (a command may legitimately say {@code date +%H}).
 */
final class Placeholders {
    /** The placeholder names a command may use. */
    static final Pattern PLACEHOLDER = Pattern.compile("%(IP|PORT|SERVICE|DURATION)%");

    private final Map<String, String> values;

    /**
     * Placeholders with the given values by name (without the percent signs); a name that has no
     * value must not appear in the commands (checked when the launcher is configured).
     */
    Placeholders(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** Whether the text uses the named placeholder. */
    static boolean uses(String text, String name) {
        return text.contains("%" + name + "%");
    }

    /** The text with every placeholder replaced by its value. */
    String substitute(String text) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalStateException("no value for placeholder %" + matcher.group(1) + "%");
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(result);
        return result.toString();
    }
}
