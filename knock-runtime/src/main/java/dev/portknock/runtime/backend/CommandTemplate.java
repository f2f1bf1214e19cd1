package dev.portknock.runtime.backend;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configured command, ready to be filled in with a request's placeholder values.
 *
 * <p>Without a shell the command is split into arguments once, when the launcher is configured,
 * and placeholders are replaced inside each argument afterwards: a value can never add, remove or
 * re-split arguments. With a shell the whole text is handed to {@code /bin/sh -c} after
 * substitution; it is then the values' validation (addresses in a digits-and-colons form, whole
 * numbers) that keeps shell syntax out.
 */
final class CommandTemplate {
    private final String text;
    private final boolean shell;
    private final List<String> words;

    private CommandTemplate(String text, boolean shell, List<String> words) {
        this.text = text;
        this.shell = shell;
        this.words = words;
    }

    /**
     * A template for the command text.
     *
     * @throws IllegalArgumentException when the text has no words or (without a shell) an
     *     unterminated quote or a trailing backslash
     */
    static CommandTemplate of(String text, boolean shell) {
        if (shell) {
            // the shell parses it; splitting here would reject valid shell syntax
            if (text.isBlank()) {
                throw new IllegalArgumentException("command has no words");
            }
            return new CommandTemplate(text, true, List.of());
        }
        return new CommandTemplate(text, false, CommandLine.split(text));
    }

    /** Whether the command uses the named placeholder anywhere. */
    boolean uses(String placeholder) {
        return Placeholders.uses(text, placeholder);
    }

    /** The program and its arguments with the placeholders replaced. */
    List<String> arguments(Placeholders values) {
        if (shell) {
            return List.of("/bin/sh", "-c", values.substitute(text));
        }
        return words.stream().map(values::substitute).collect(Collectors.toUnmodifiableList());
    }
}
