package dev.portknock.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * The command digits of one knock with the schema that names them.
 *
 * @param schema what each digit means
 * @param values one value per digit (copied in and out)
 */
public record Command(CommandSchema schema, int[] values) {
    /** Validates and copies. */
    public Command {
        Objects.requireNonNull(schema, "schema");
        values = Objects.requireNonNull(values, "values").clone();
        if (values.length != schema.size()) {
            throw new IllegalArgumentException(
                    "command needs " + schema.size() + " values: " + values.length);
        }
        for (int value : values) {
            if (value < 0) {
                throw new IllegalArgumentException("command value must not be negative: " + value);
            }
        }
    }

    /**
     * A command whose values must also fit the digit radix.
     *
     * @throws IllegalArgumentException naming the first value that does not fit
     */
    public static Command of(CommandSchema schema, int radix, int... values) {
        Command command = new Command(schema, values);
        for (int i = 0; i < values.length; i++) {
            if (values[i] >= radix) {
                throw new IllegalArgumentException("command value " + schema.names().get(i) + "="
                        + values[i] + " does not fit a digit (0.." + (radix - 1) + ")");
            }
        }
        return command;
    }

    /** The default schema's command {@code service, duration, delay}. */
    public static Command serviceDurationDelay(int radix, int service, int durationSeconds, int delaySeconds) {
        return of(CommandSchema.DEFAULT, radix, service, durationSeconds, delaySeconds);
    }

    /** The values, copied. */
    @Override
    public int[] values() {
        return values.clone();
    }

    /** The value of a named digit. */
    public int get(String name) {
        return values[schema.indexOf(name)];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Command c && schema.equals(c.schema) && Arrays.equals(values, c.values);
    }

    @Override
    public int hashCode() {
        return 31 * schema.hashCode() + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Command[");
        for (int i = 0; i < values.length; i++) {
            text.append(i == 0 ? "" : ", ").append(schema.names().get(i)).append('=').append(values[i]);
        }
        return text.append(']').toString();
    }
}
