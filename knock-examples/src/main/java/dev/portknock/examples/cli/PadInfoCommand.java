package dev.portknock.examples.cli;

import dev.portknock.core.Scheme;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadState;
import dev.portknock.pad.Side;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code knock pad info}: what a pad is and, with its state, how far it is used. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Show a pad's id, digit bits, digits and fingerprint (" + FileFingerprint.DESCRIPTION + ").",
                "With --state, also each side's cursor (the next knock index), knocks left and failures. Knocks "
                        + "are counted for the door's scheme and digits (--scheme, --command-digits, --tag-digits)."})
final class PadInfoCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PAD", description = "The pad file.")
    private Path padFile;

    @Option(names = "--state", paramLabel = "DIR", description = StateDirectory.HELP + " Nothing is created here.")
    private Path state;

    @Option(names = "--scheme", paramLabel = "SCHEME", defaultValue = "sealed",
            converter = SchemeConverter.class,
            description = "The door's scheme, sealed or raw, for counting knocks (default: ${DEFAULT-VALUE}).")
    private Scheme scheme;

    @Option(names = "--command-digits", paramLabel = "M", defaultValue = "3",
            description = "The door's command digits per knock (default: ${DEFAULT-VALUE}).")
    private int commandDigits;

    @Option(names = "--tag-digits", paramLabel = "A", defaultValue = "7",
            description = "The door's tag digits per knock (default: ${DEFAULT-VALUE}).")
    private int tagDigits;

    @Override
    public Integer call() throws IOException {
        Pad pad = Pad.open(padFile);
        PadSizing sizing;
        try {
            sizing = new PadSizing(scheme, pad.digitBits(), commandDigits, tagDigits);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        long knocks = pad.blocks(sizing.blockDigits());
        PrintWriter out = spec.commandLine().getOut();
        out.println("pad " + pad.id());
        out.println("  file:        " + padFile.toAbsolutePath());
        out.println("  digit bits:  " + pad.digitBits());
        out.println("  digits:      " + pad.digitCount());
        out.println("  knocks:      " + knocks + " " + sizing.describe());
        out.println("  fingerprint: " + FileFingerprint.of(padFile) + " (" + FileFingerprint.DESCRIPTION + ")");
        if (state != null) {
            out.println("state in " + state.toAbsolutePath());
            for (Side side : Side.values()) {
                out.println("  " + side.keyword() + ": " + describe(StateDirectory.stored(state, pad.id(), side), knocks));
            }
        }
        return KnockCli.OK;
    }

    private static String describe(Optional<PadState> stored, long knocks) {
        if (stored.isEmpty()) {
            return "no state yet: cursor 0, knocks left " + knocks + ", failures 0";
        }
        PadState state = stored.get();
        long left = Math.max(0, knocks - state.cursor());
        return "cursor " + state.cursor() + ", knocks left " + left + ", failures " + state.failures()
                + state.lastUse().map(at -> ", last use " + at).orElse("");
    }
}
