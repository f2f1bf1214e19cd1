package dev.portknock.examples.cli;

import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The {@code --command-digits} and {@code --tag-digits} options of every command that needs a
 * door's knock shape ({@code send}, {@code connect}, {@code pad info}, {@code pad generate}). Each
 * is empty unless given, so that a named host's stanza or a client bundle can fill it in; without
 * either, the protocol's defaults apply.
 */
final class KnockDigitsOptions {
    /** The options' names, for commands that refuse them in some cases. */
    static final List<String> NAMES = List.of("--command-digits", "--tag-digits");
    /** M when nothing says otherwise: service, duration, delay (PROTOCOL.md section 2). */
    static final int DEFAULT_COMMAND_DIGITS = 3;
    /** A when nothing says otherwise. */
    static final int DEFAULT_TAG_DIGITS = 7;

    @Option(names = "--command-digits", paramLabel = "M",
            description = "Command digits per knock (default: " + DEFAULT_COMMAND_DIGITS
                    + ", or the named host's or bundle's where the command reads one).")
    Integer commandDigits;

    @Option(names = "--tag-digits", paramLabel = "A",
            description = "Tag digits per knock (default: " + DEFAULT_TAG_DIGITS
                    + ", or the named host's or bundle's where the command reads one).")
    Integer tagDigits;

    /** The command digits given, if they were. */
    Optional<Integer> commandDigits() {
        return Optional.ofNullable(commandDigits);
    }

    /** The tag digits given, if they were. */
    Optional<Integer> tagDigits() {
        return Optional.ofNullable(tagDigits);
    }

    /** Whether either option was given. */
    boolean given() {
        return commandDigits != null || tagDigits != null;
    }
}
