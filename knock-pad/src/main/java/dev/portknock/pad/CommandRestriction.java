package dev.portknock.pad;

import dev.portknock.core.OneTimeScheme;
import dev.portknock.core.Profile;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A door's restriction of one command digit to the values it allows (its services), and each
 * pad's own share of them ({@link DoorPad#services()}). A knock whose decoded digit is another
 * value is refused before its tags are checked, so most garbage costs one unmasking; the check
 * compares every allowed value without a data-dependent branch, since a sealed knock's command
 * is unmasked with pad material.
 */
final class CommandRestriction {
    /** No digit restricted: every command is allowed. */
    static final CommandRestriction NONE = new CommandRestriction(-1, new int[0]);

    /** The restricted digit's position, or -1 when none is. */
    private final int position;
    /** The door's allowed values, sorted. */
    private final int[] allowed;

    private CommandRestriction(int position, int[] allowed) {
        this.position = position;
        this.allowed = allowed;
    }

    /**
     * Restricts command digit {@code position} of the profile to {@code values}.
     *
     * @throws IllegalArgumentException when the profile has no command digits, the position is
     *     not one of them, or the values are empty or not digits of the profile
     */
    static CommandRestriction of(Profile profile, int position, Collection<Integer> values) {
        Objects.requireNonNull(values, "values");
        if (profile.commandDigits() == 0) {
            throw new IllegalArgumentException("the profile has no command digits to restrict");
        }
        if (position < 0 || position >= profile.commandDigits()) {
            throw new IllegalArgumentException("restricted command digit must be in 0.."
                    + (profile.commandDigits() - 1) + ": " + position);
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException("allowed command values must not be empty");
        }
        int[] allowed = values.stream().mapToInt(Integer::intValue).distinct().sorted().toArray();
        for (int value : allowed) {
            if (value < 0 || value >= profile.radix()) {
                throw new IllegalArgumentException("allowed command value must be in 0.."
                        + (profile.radix() - 1) + ": " + value);
            }
        }
        return new CommandRestriction(position, allowed);
    }

    /** Whether a digit is restricted: only then is a command decoded before the tags are checked. */
    boolean restricts() {
        return position >= 0;
    }

    /**
     * The values a pad with these services may ask for: its services, or the door's values when
     * it names none.
     *
     * @throws IllegalArgumentException naming the pad when it names services and no digit is
     *     restricted, or a service the door does not allow
     */
    int[] allowedFor(String label, List<Integer> services) {
        if (services.isEmpty()) {
            return allowed;
        }
        if (!restricts()) {
            throw new IllegalArgumentException("pad " + label
                    + ": services need a restricted command digit (restrictCommandDigit)");
        }
        for (int service : services) {
            if (Arrays.binarySearch(allowed, service) < 0) {
                throw new IllegalArgumentException("pad " + label + ": service " + service
                        + " is not one the door allows " + Arrays.toString(allowed));
            }
        }
        return services.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /**
     * The command a knock asks for when a digit is restricted, decoded with the candidate block
     * before its tags are checked; null when none is (the command is then decoded only once the
     * tags match).
     */
    int[] decodeEarly(OneTimeScheme scheme, int[] block, int[] knock) {
        return restricts() ? scheme.decodeCommand(block, knock) : null;
    }

    /** Whether a command (null: not decoded, no digit restricted) is allowed by these values. */
    boolean allows(int[] allowedValues, int[] command) {
        return command == null || allows(allowedValues, command[position]);
    }

    /**
     * Whether the digit's value is among the allowed ones, every one compared, without a
     * data-dependent branch.
     */
    static boolean allows(int[] allowedValues, int digit) {
        int found = 0;
        for (int value : allowedValues) {
            // digits are below 2^15: (difference - 1) is negative exactly when they are equal
            found |= ((value ^ digit) - 1) >>> 31;
        }
        return found != 0;
    }

    /** How the builder's set-once guard names this restriction. */
    @Override
    public String toString() {
        return "digit " + position + " to " + Arrays.toString(allowed);
    }
}
