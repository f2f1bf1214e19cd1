package dev.portknock.examples.cli;

import dev.portknock.pad.FilePadStateStore;
import dev.portknock.pad.MissingStateException;
import dev.portknock.pad.PadId;
import dev.portknock.pad.PadState;
import dev.portknock.pad.Side;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The meaning of the commands' {@code --state} option: a directory of a {@link FilePadStateStore},
 * holding {@code <pad id>.client.state} and {@code <pad id>.server.state}, so one directory
 * serves both ends and any number of pads.
 */
final class StateDirectory {
    /** How {@code --state} is explained in every command's help. */
    static final String HELP = "State directory: the cursor and failure count of each pad and side live in "
            + "<pad id>.client.state and <pad id>.server.state files in it.";

    /** Where a client keeps its cursors unless told, as help texts say it. */
    static final String CLIENT_DEFAULT = "$XDG_STATE_HOME/portknock, else ~/.local/state/portknock";

    private StateDirectory() {
    }

    /**
     * The client's state directory when none is given: {@code $XDG_STATE_HOME/portknock}, or
     * {@code ~/.local/state/portknock} when that variable is unset, empty or relative (as the XDG
     * base directory specification says). Cursors are keyed by pad id, so one directory serves
     * every pad and bundle of the user.
     */
    static Path clientDefault(Map<String, String> environment, Path home) {
        String xdg = environment.getOrDefault("XDG_STATE_HOME", "");
        Path base = !xdg.isEmpty() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : home.resolve(".local").resolve("state");
        return base.resolve("portknock");
    }

    /** The store in the directory, created (0700) when missing: for a client, or to create a server's state. */
    static FilePadStateStore open(Path directory) throws IOException {
        refuseRegularFile(directory);
        return new FilePadStateStore(directory);
    }

    /**
     * The store in a directory that exists: a server's, which is never created implicitly.
     *
     * @throws MissingStateException when the directory does not exist
     */
    static FilePadStateStore existing(Path directory) throws IOException {
        refuseRegularFile(directory);
        return FilePadStateStore.existing(directory);
    }

    /**
     * The state stored for a pad at a side; empty when the directory or the state file does not
     * exist. Creates nothing.
     */
    static Optional<PadState> stored(Path directory, PadId padId, Side side) throws IOException {
        refuseRegularFile(directory);
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        return FilePadStateStore.existing(directory).stored(padId, side);
    }

    /**
     * A pad's missing server state, with the commands that recover it safely: {@code pad init}
     * for a new pad; after a lost state or a restored backup, {@code pad advance} past every knock
     * that may have been used.
     */
    static String missingServerState(PadId padId, Path padFile, Path directory) {
        String arguments = "--pad " + padFile + " --state " + directory;
        return "pad " + padId + " has no server state in " + directory + ": for a new pad run `knock pad init "
                + arguments + "`; after a lost state or a restored backup run `knock pad advance " + arguments
                + " --to N` with N past every knock that may have been used";
    }

    private static void refuseRegularFile(Path directory) {
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new CommandFailure("--state must name a directory, not a file: " + directory);
        }
    }
}
