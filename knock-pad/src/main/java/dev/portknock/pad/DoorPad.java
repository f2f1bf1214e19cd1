package dev.portknock.pad;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One pad a door serves: the pad, the label that names its holder in every log line and event
 * ({@code knock from 192.0.2.7 accepted for alice-laptop}), and the services it may open.
 *
 * @param pad the pad
 * @param label who or what holds the pad: 1 to 64 letters, digits and {@code . _ @ + -},
 *     starting with a letter or digit (it reaches log lines, so nothing that could forge one)
 * @param services the values of the door's restricted command digit this pad may ask for
 *     ({@link DoorVerifier.Builder#restrictCommandDigit}), distinct, in the order given; empty
 *     for whatever the door allows
 */
public record DoorPad(Pad pad, String label, List<Integer> services) {
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}");

    /** Validates the label and the services and copies the services. */
    public DoorPad {
        Objects.requireNonNull(pad, "pad");
        requireLabel(label);
        Objects.requireNonNull(services, "services");
        Set<Integer> distinct = new LinkedHashSet<>();
        for (Integer service : services) {
            Objects.requireNonNull(service, "service");
            if (service < 0) {
                throw new IllegalArgumentException("pad " + label + ": service must not be negative: " + service);
            }
            if (!distinct.add(service)) {
                throw new IllegalArgumentException("pad " + label + ": service " + service + " is given twice");
            }
        }
        services = List.copyOf(new ArrayList<>(distinct));
    }

    /** The pad under its id's text, allowed whatever the door allows. */
    public static DoorPad of(Pad pad) {
        return new DoorPad(pad, pad.id().toString(), List.of());
    }

    /**
     * Checks a label: 1 to 64 letters, digits and {@code . _ @ + -}, starting with a letter or digit.
     *
     * @return the label
     * @throws IllegalArgumentException when it is not one
     */
    public static String requireLabel(String label) {
        Objects.requireNonNull(label, "label");
        if (!LABEL.matcher(label).matches()) {
            throw new IllegalArgumentException("label must be 1 to 64 letters, digits and . _ @ + - starting with a"
                    + " letter or digit: '" + printable(label) + "'");
        }
        return label;
    }

    /** The label with control characters shown as '?', cut short, so a message about it stays one line. */
    private static String printable(String label) {
        String shown = label.length() > 64 ? label.substring(0, 64) + "..." : label;
        return shown.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
