package dev.portknock.examples.cli;

import dev.portknock.pad.Pad;
import dev.portknock.pad.PadState;
import dev.portknock.pad.Side;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code knock pad cursor}: a client's cursor, shown and moved forward only. */
@Command(name = "cursor", mixinStandardHelpOptions = true,
        description = {"Show a client's cursor (the next knock it sends); with --to, move it forward, never back."})
final class PadCursorCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private PadStateOptions files;

    @Option(names = "--to", paramLabel = "N", description = "Move the client's cursor forward to knock N.")
    private Long to;

    @Override
    public Integer call() throws IOException {
        Pad pad = Pad.open(files.padFile);
        PrintWriter out = spec.commandLine().getOut();
        if (to == null) {
            Optional<PadState> stored = StateDirectory.stored(files.directory(), pad.id(), Side.CLIENT);
            out.println("client cursor of pad " + pad.id() + ": " + stored.map(PadState::cursor).orElse(0L)
                    + (stored.isPresent() ? "" : " (no client state yet: a fresh pad)"));
            return KnockCli.OK;
        }
        if (to < 0) {
            throw new ParameterException(spec.commandLine(), "--to must not be negative: " + to);
        }
        CursorMove move = CursorMove.forward(StateDirectory.open(files.directory()), pad.id(), Side.CLIENT, from -> to,
                Instant.now());
        out.println(move.describe(pad.id()));
        return KnockCli.OK;
    }
}
