package dev.portknock.examples.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code knock}: the top-level command; it only dispatches to its subcommands, which {@link KnockCli}
 * adds from {@link #SUBCOMMANDS} (not the annotation's {@code subcommands}, which picocli would build
 * all of, by reflection, before running any).
 */
@Command(name = "knock", mixinStandardHelpOptions = true, versionProvider = ManifestVersion.class,
        description = "Port knocking with one-time-pad authorization.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:success", "1:the operation was rejected or failed", "2:bad usage",
                "3:knock pad info: the pad's knocks left are at or below the low-water mark"})
final class KnockCommand implements Runnable {
    /** The subcommands, in the order the help lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(PadCommand.class, SendCommand.class, ConnectCommand.class,
            ServerCommand.class, HolesCommand.class, DemoCommand.class, VersionCommand.class);

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "missing command: pad, send, connect, server, holes, demo or version");
    }
}
