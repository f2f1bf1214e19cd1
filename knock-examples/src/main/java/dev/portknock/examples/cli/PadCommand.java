package dev.portknock.examples.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code knock pad}: groups the pad commands. */
@Command(name = "pad", mixinStandardHelpOptions = true,
        description = "Create, provision and inspect pads, create and move their cursors, and export them for knockd.",
        subcommands = {PadGenerateCommand.class, PadInitCommand.class, PadProvisionCommand.class, PadAdvanceCommand.class, PadCursorCommand.class,
                PadInfoCommand.class, PadExportKnockdCommand.class})
final class PadCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: generate, init, provision, advance, cursor, info or export-knockd");
    }
}
