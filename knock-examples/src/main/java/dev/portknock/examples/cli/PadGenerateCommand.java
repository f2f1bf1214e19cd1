package dev.portknock.examples.cli;

import dev.portknock.core.Scheme;
import dev.portknock.pad.FilePadStateStore;
import dev.portknock.pad.PadGenerator;
import dev.portknock.pad.PadId;
import dev.portknock.pad.PadState;
import dev.portknock.pad.Side;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code knock pad generate}: a new pad file (format 1) from the platform's SecureRandom. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Create a new pad (format 1) from the platform's SecureRandom and print its id, size and "
                + "fingerprint (" + FileFingerprint.DESCRIPTION + ").",
                "Copy the file to both ends of the door over a channel you trust. An existing file is never "
                        + "overwritten."})
final class PadGenerateCommand implements Callable<Integer> {
    /** Pads with more material than this show a progress bar on a terminal. */
    private static final long PROGRESS_THRESHOLD_BYTES = 4L << 20;

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The pad file to create.")
    private Path out;

    @Option(names = "--state", paramLabel = "DIR",
            description = "Also create the new pad's server state (cursor 0) in this state directory, as knock pad "
                    + "init does; a server refuses a pad without one.")
    private Path state;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Size size;

    @Option(names = "--bits", paramLabel = "K", defaultValue = "12",
            description = "Digit bits k, 4..15: the door spans 2^k ports (default: ${DEFAULT-VALUE}).")
    private int bits;

    @Option(names = "--force", description = "Write a pad file of more than 1 GiB.")
    private boolean force;

    /** Either a digit count or a knock count. */
    static final class Size {
        @Option(names = "--digits", required = true, paramLabel = "N", description = "The pad's number of digits.")
        private Long digits;

        @ArgGroup(exclusive = false)
        private Knocks knocks;
    }

    /** A number of sealed knocks of a given shape. */
    static final class Knocks {
        @Option(names = "--knocks", required = true, paramLabel = "N",
                description = "Size the pad for N sealed knocks of M command and A tag digits (--command-digits, "
                        + "--tag-digits; M + 2A digits each; a raw door uses A digits per knock and gets more knocks "
                        + "from the same pad).")
        private long count;
    }

    @Mixin
    private KnockDigitsOptions knockDigits = new KnockDigitsOptions();

    @Override
    public Integer call() throws IOException {
        if (bits < 4 || bits > 15) {
            throw usage("--bits must be in 4..15: " + bits);
        }
        long digits;
        String shape;
        if (size.digits != null) {
            if (knockDigits.given()) {
                throw usage("--command-digits and --tag-digits size --knocks; --digits gives the size itself");
            }
            if (size.digits < 1) {
                throw usage("--digits must be at least 1: " + size.digits);
            }
            digits = size.digits;
            shape = "";
        } else {
            Knocks knocks = size.knocks;
            if (knocks.count < 1) {
                throw usage("--knocks must be at least 1: " + knocks.count);
            }
            PadSizing sizing;
            try {
                sizing = new PadSizing(Scheme.SEALED, bits,
                        knockDigits.commandDigits().orElse(KnockDigitsOptions.DEFAULT_COMMAND_DIGITS),
                        knockDigits.tagDigits().orElse(KnockDigitsOptions.DEFAULT_TAG_DIGITS));
                digits = PadGenerator.digitsFor(sizing.profile(), knocks.count);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
            shape = " (" + knocks.count + " " + sizing.describe() + ")";
        }
        PadRoom.check(out, bits, digits, force, "--digits, --knocks and --bits", this::usage);
        PrintWriter stdout = spec.commandLine().getOut();
        PadGenerator.Progress progress = PadGenerator.Progress.NONE;
        long materialBytes = (digits * bits + 7) / 8;
        if (System.console() != null && materialBytes >= PROGRESS_THRESHOLD_BYTES) {
            progress = new ProgressBar(spec.commandLine().getErr(), "generating");
        }
        Optional<FilePadStateStore> serverState = state == null ? Optional.empty()
                : Optional.of(StateDirectory.open(state));
        PadId id = PadGenerator.secureRandom().generate(out, bits, digits, progress);
        stdout.println("created pad " + id);
        stdout.println("  file:        " + out.toAbsolutePath());
        stdout.println("  digit bits:  " + bits);
        stdout.println("  digits:      " + digits + shape);
        stdout.println("  size:        " + Files.size(out) + " bytes");
        stdout.println("  fingerprint: " + FileFingerprint.of(out) + " (" + FileFingerprint.DESCRIPTION + ")");
        if (serverState.isPresent()) {
            serverState.get().create(PadState.fresh(id, Side.SERVER));
            stdout.println("  server state: " + serverState.get().directory() + " (cursor 0)");
        }
        return KnockCli.OK;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
