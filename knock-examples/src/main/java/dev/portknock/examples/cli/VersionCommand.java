package dev.portknock.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code knock version}: the same line as {@code knock --version}. */
@CommandLine.Command(name = "version", mixinStandardHelpOptions = true,
        description = "Print the version of the command line (from its jar's manifest).")
final class VersionCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(ManifestVersion.line());
        return KnockCli.OK;
    }
}
