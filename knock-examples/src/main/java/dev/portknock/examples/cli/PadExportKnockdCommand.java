package dev.portknock.examples.cli;

import dev.portknock.core.Profile;
import dev.portknock.core.Scheme;
import dev.portknock.core.Transport;
import dev.portknock.pad.KnockdExport;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadState;
import dev.portknock.pad.Side;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code knock pad export-knockd}: a knockd one-time-sequences file from a pad (raw scheme). */
@Command(name = "export-knockd", mixinStandardHelpOptions = true,
        description = {"Write a knockd One_Time_Sequences file: one line per unused raw knock of the pad, from the "
                + "server cursor in --state on (0 when there is no state yet), ' p1,p2,...,pA' with :udp after each "
                + "port for --udp.",
                "Clients knock with: knock send HOST --scheme raw --command-digits 0 --tag-digits A --base PORT "
                        + "[--udp] --pad PAD --state DIR. The file holds pad material: it is created readable by "
                        + "its owner only."})
final class PadExportKnockdCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--pad", required = true, paramLabel = "PAD", description = "The pad file.")
    private Path padFile;

    @Option(names = "--state", required = true, paramLabel = "DIR",
            description = StateDirectory.HELP + " The server side's cursor is where the export starts; nothing is "
                    + "created here.")
    private Path state;

    @Option(names = "--base", required = true, paramLabel = "PORT",
            description = "The door's first port: digit d is sent to port PORT + d.")
    private int base;

    @Option(names = "--length", required = true, paramLabel = "A", description = "Ports per sequence.")
    private int length;

    @Option(names = "--udp", description = "The door listens for UDP (knockd's :udp); default TCP, as knockd.")
    private boolean udp;

    @Option(names = "--accept-weakness",
            description = "Accept sequences that can be guessed with probability above 2^-32 per attempt.")
    private boolean acceptWeakness;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "The sequences file to write (replaced atomically).")
    private Path out;

    @Override
    public Integer call() throws IOException {
        Pad pad = Pad.open(padFile);
        Profile profile = profile(pad.digitBits());
        // a missing server state is a lost one, not a fresh pad: exporting from 0 would hand knockd used knocks again
        long cursor = StateDirectory.stored(state, pad.id(), Side.SERVER).map(PadState::cursor)
                .orElseThrow(() -> new CommandFailure(StateDirectory.missingServerState(pad.id(), padFile, state)));
        long written = KnockdExport.write(out, profile, pad, cursor);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("wrote " + written + " knockd one-time sequences of pad " + pad.id() + " from knock " + cursor
                + " to " + out.toAbsolutePath());
        stdout.println("  ports " + profile.base() + ".." + profile.lastPort() + " " + profile.transport().keyword()
                + ", " + length + " per sequence");
        return KnockCli.OK;
    }

    /** knockd looks only at the next unused line, so the window is 1 knock. */
    private Profile profile(int digitBits) {
        try {
            Profile.Builder builder = Profile.builder().scheme(Scheme.RAW).base(base).digitBits(digitBits)
                    .transport(udp ? Transport.UDP : Transport.TCP).commandDigits(0).tagDigits(length).window(1);
            if (acceptWeakness) {
                builder.acceptWeakness();
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
