package dev.portknock.examples.cli;

import dev.portknock.core.CommandSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * The meaning of a door's command digits, shared by client and server: the protocol's
 * {@code service, duration, delay} cut to the door's M digits, further digits numbered
 * ({@code digit4}, ...) and carried without meaning.
 */
final class CommandSchemas {
    private static final List<String> MEANINGS =
            List.of(CommandSchema.SERVICE, CommandSchema.DURATION, CommandSchema.DELAY);

    private CommandSchemas() {
    }

    /** The schema of a door with {@code digits} command digits. */
    static CommandSchema forDigits(int digits) {
        List<String> names = new ArrayList<>(digits);
        for (int i = 0; i < digits; i++) {
            names.add(i < MEANINGS.size() ? MEANINGS.get(i) : "digit" + (i + 1));
        }
        return new CommandSchema(names);
    }
}
