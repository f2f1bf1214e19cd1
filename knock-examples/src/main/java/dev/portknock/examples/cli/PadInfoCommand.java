package dev.portknock.examples.cli;

import dev.portknock.core.Scheme;
import dev.portknock.examples.config.BundleFormat;
import dev.portknock.examples.config.ClientBundle;
import dev.portknock.examples.config.ConfigException;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadState;
import dev.portknock.pad.Side;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code knock pad info}: what a pad (or a client bundle's pad) is and, with its state, how far it
 * is used; its exit status says whether the knocks left are at or below the low-water mark, so
 * that cron or a monitoring check can alert before a pad runs out.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Show a pad's id, digit bits, digits and fingerprint (" + FileFingerprint.DESCRIPTION + ").",
                "With --state, also each side's cursor (the next knock index), knocks left and failures. Knocks "
                        + "are counted for the door's scheme and digits (--scheme, --command-digits, --tag-digits); "
                        + "PAD may be a client bundle, whose door gives them.",
                "The knocks left are the fewest of the sides that have a state in DIR (the pad's knocks when "
                        + "neither has); at or below --low-water the exit status is 3."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the knocks left are above the low-water mark", "1:the operation failed",
                "2:bad usage", "3:the knocks left are at or below the low-water mark"})
final class PadInfoCommand implements Callable<Integer> {
    private static final List<String> PROFILE_OPTIONS = List.of("--scheme", KnockDigitsOptions.NAMES.get(0),
            KnockDigitsOptions.NAMES.get(1));

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PAD", description = "The pad file, or a client bundle.")
    private Path padFile;

    @Option(names = "--state", paramLabel = "DIR", description = StateDirectory.HELP + " Nothing is created here.")
    private Path state;

    @Option(names = "--scheme", paramLabel = "SCHEME", defaultValue = "sealed",
            converter = SchemeConverter.class,
            description = "The door's scheme, sealed or raw, for counting knocks (default: ${DEFAULT-VALUE}).")
    private Scheme scheme;

    @Mixin
    private KnockDigitsOptions digits = new KnockDigitsOptions();

    @Option(names = "--low-water", paramLabel = "N", defaultValue = "" + PadRollover.DEFAULT_LOW_WATER,
            description = "Exit with status 3 when the knocks left are N or fewer (default: ${DEFAULT-VALUE}, as the "
                    + "server's and the client's warnings).")
    private long lowWater;

    @Override
    public Integer call() throws IOException, ConfigException {
        if (lowWater < 0) {
            throw usage("--low-water must not be negative: " + lowWater);
        }
        Pad pad;
        PadSizing sizing;
        if (isBundle(padFile)) {
            for (String option : PROFILE_OPTIONS) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw usage(option + " comes from the bundle's door; give it for a pad file only");
                }
            }
            ClientBundle bundle = BundleFormat.read(padFile);
            pad = bundle.pad();
            sizing = sizing(bundle.settings().profile().scheme(), bundle.settings().profile().commandDigits(),
                    bundle.settings().profile().tagDigits(), pad);
        } else {
            pad = Pad.open(padFile);
            sizing = sizing(scheme, digits.commandDigits().orElse(KnockDigitsOptions.DEFAULT_COMMAND_DIGITS),
                    digits.tagDigits().orElse(KnockDigitsOptions.DEFAULT_TAG_DIGITS), pad);
        }
        long knocks = pad.blocks(sizing.blockDigits());
        PrintWriter out = spec.commandLine().getOut();
        out.println("pad " + pad.id());
        out.println("  file:        " + padFile.toAbsolutePath());
        out.println("  digit bits:  " + pad.digitBits());
        out.println("  digits:      " + pad.digitCount());
        out.println("  knocks:      " + knocks + " " + sizing.describe());
        out.println("  fingerprint: " + FileFingerprint.of(padFile) + " (" + FileFingerprint.DESCRIPTION + ")");
        long left = knocks;
        if (state != null) {
            out.println("state in " + state.toAbsolutePath());
            Optional<Long> fewest = Optional.empty();
            for (Side side : Side.values()) {
                Optional<PadState> stored = StateDirectory.stored(state, pad.id(), side);
                out.println("  " + side.keyword() + ": " + describe(stored, knocks));
                if (stored.isPresent()) {
                    long sideLeft = Math.max(0, knocks - stored.get().cursor());
                    fewest = Optional.of(fewest.map(f -> Math.min(f, sideLeft)).orElse(sideLeft));
                }
            }
            left = fewest.orElse(knocks);
        }
        boolean low = left <= lowWater;
        out.println("low water: " + left + " knocks left, " + (low ? "at or below" : "above") + " the mark "
                + lowWater + (low ? " (exit status " + KnockCli.LOW_WATER + ")" : ""));
        return low ? KnockCli.LOW_WATER : KnockCli.OK;
    }

    private PadSizing sizing(Scheme doorScheme, int doorCommandDigits, int doorTagDigits, Pad pad) {
        try {
            return new PadSizing(doorScheme, pad.digitBits(), doorCommandDigits, doorTagDigits);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /** Whether the file starts as a client bundle does; the bundle's reader checks the rest. */
    private static boolean isBundle(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        byte[] magic = BundleFormat.MAGIC.getBytes(StandardCharsets.US_ASCII);
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(magic.length), magic);
        }
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

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
