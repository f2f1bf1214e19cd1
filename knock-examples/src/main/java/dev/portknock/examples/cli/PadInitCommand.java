package dev.portknock.examples.cli;

import dev.portknock.pad.PadStateStore;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadState;
import dev.portknock.pad.Side;
import dev.portknock.pad.StateExistsException;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code knock pad init}: creates the server state of an existing pad, which a server never makes up. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Create the server state of an existing pad (a server refuses a pad without one, so that a "
                + "lost state never reads as a fresh pad).",
                "Refuses when the pad has a server state in DIR already; knock pad advance moves one forward."})
final class PadInitCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private PadStateOptions files;

    @Option(names = "--cursor", paramLabel = "N", defaultValue = "0",
            description = "The first knock the server may accept: 0 for a new pad; after a lost state or a restored "
                    + "backup, past every knock that may have been used (default: ${DEFAULT-VALUE}).")
    private long cursor;

    @Override
    public Integer call() throws IOException {
        Pad pad = Pad.open(files.padFile);
        if (cursor < 0 || cursor > pad.digitCount()) {
            throw new ParameterException(spec.commandLine(), "--cursor must be in 0.." + pad.digitCount()
                    + " (the pad's digits): " + cursor);
        }
        try (PadStateOptions.OpenedState opened = files.open(System.getenv())) {
            PadStateStore store = opened.store();
            try {
                store.create(new PadState(pad.id(), Side.SERVER, cursor, 0, Optional.empty()));
            } catch (StateExistsException e) {
                long stored = store.read(pad.id(), Side.SERVER).cursor();
                throw new CommandFailure("pad " + pad.id() + " already has a server state in " + opened.where()
                        + " (cursor " + stored + "); it is left as it was: knock pad advance moves it forward");
            }
            spec.commandLine().getOut().println("created the server state of pad " + pad.id() + " in "
                    + opened.where() + " at cursor " + cursor);
        }
        return KnockCli.OK;
    }
}
