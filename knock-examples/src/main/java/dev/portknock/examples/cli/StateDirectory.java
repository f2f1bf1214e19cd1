package dev.portknock.examples.cli;

import dev.portknock.pad.FilePadStateStore;
import dev.portknock.pad.PadId;
import dev.portknock.pad.PadState;
import dev.portknock.pad.Side;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The meaning of the commands' {@code --state} option: a directory of a {@link FilePadStateStore},
 * holding {@code <pad id>.client.state} and {@code <pad id>.server.state}, so one directory
 * serves both ends and any number of pads.
 */
final class StateDirectory {
    /** How {@code --state} is explained in every command's help. */
    static final String HELP = "State directory (created when missing): the cursor and failure count of each pad "
            + "and side live in <pad id>.client.state and <pad id>.server.state files in it.";

    private StateDirectory() {
    }

    /** The store in the directory, created when missing. */
    static FilePadStateStore open(Path directory) throws IOException {
        refuseRegularFile(directory);
        return new FilePadStateStore(directory);
    }

    /**
     * The state stored for a pad at a side; empty when the directory or the state file does not
     * exist yet (a fresh pad). Creates nothing.
     */
    static Optional<PadState> stored(Path directory, PadId padId, Side side) throws IOException {
        refuseRegularFile(directory);
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        FilePadStateStore store = new FilePadStateStore(directory);
        if (!Files.exists(store.fileOf(padId, side), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(store.read(padId, side));
    }

    private static void refuseRegularFile(Path directory) {
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new CommandFailure("--state must name a directory, not a file: " + directory);
        }
    }
}
