package dev.portknock.examples.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --pad} and {@code --state} options of the commands that create or move a pad's state. */
final class PadStateOptions {
    @Option(names = "--pad", required = true, paramLabel = "PAD", description = "The pad file.")
    Path padFile;

    @Option(names = "--state", required = true, paramLabel = "DIR",
            description = StateDirectory.HELP + " Created (0700) when missing.")
    Path state;
}
