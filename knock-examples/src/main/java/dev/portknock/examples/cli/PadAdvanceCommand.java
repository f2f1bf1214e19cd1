package dev.portknock.examples.cli;

import dev.portknock.pad.Pad;
import dev.portknock.pad.Side;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code knock pad advance}: moves a cursor forward, never back; creates a lost state at the target. */
@Command(name = "advance", mixinStandardHelpOptions = true,
        description = {"Move a pad's cursor forward, never back: after a lost state or a restored backup, past "
                + "every knock that may have been used. A missing state is created at the target."})
final class PadAdvanceCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private PadStateOptions files;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Target target;

    @Option(names = "--side", paramLabel = "SIDE", defaultValue = "server",
            description = "Whose cursor: server or client (default: ${DEFAULT-VALUE}).")
    private String side;

    /** Either a distance or a position. */
    static final class Target {
        @Option(names = "--by", required = true, paramLabel = "N", description = "Move the cursor N knocks forward.")
        private Long by;

        @Option(names = "--to", required = true, paramLabel = "N", description = "Move the cursor to knock N.")
        private Long to;
    }

    @Override
    public Integer call() throws IOException {
        Side chosen = switch (side) {
            case "server" -> Side.SERVER;
            case "client" -> Side.CLIENT;
            default -> throw new ParameterException(spec.commandLine(), "--side must be server or client: " + side);
        };
        if (target.by != null && target.by < 1) {
            throw new ParameterException(spec.commandLine(), "--by must be at least 1: " + target.by);
        }
        if (target.to != null && target.to < 0) {
            throw new ParameterException(spec.commandLine(), "--to must not be negative: " + target.to);
        }
        Pad pad = Pad.open(files.padFile);
        if (chosen == Side.CLIENT && files.isDatabase()) {
            throw new CommandFailure("--state must name a directory with --side client: a client's state is never a "
                    + "database");
        }
        try (PadStateOptions.OpenedState opened = files.open(System.getenv())) {
            CursorMove move = CursorMove.forward(opened.store(), pad.id(), chosen,
                    from -> target.to != null ? target.to : Math.addExact(from, target.by), Instant.now());
            spec.commandLine().getOut().println(move.describe(pad.id()));
        }
        return KnockCli.OK;
    }
}
