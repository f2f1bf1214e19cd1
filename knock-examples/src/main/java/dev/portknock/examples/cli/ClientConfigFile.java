package dev.portknock.examples.cli;

import dev.portknock.examples.config.ClientConfig;
import dev.portknock.examples.config.ClientConfigParser;
import dev.portknock.examples.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the client configuration lives and how it is loaded: {@code $XDG_CONFIG_HOME/portknock/client.conf},
 * or {@code ~/.config/portknock/client.conf} when that variable is unset, empty or relative (as the
 * XDG base directory specification says). It names pads, which are secrets, so a file other users
 * can read or change is refused as ssh refuses such a private key.
 */
final class ClientConfigFile {
    /** The permission bits that let anyone but the owner read or change the file. */
    private static final Set<PosixFilePermission> TOO_OPEN = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private ClientConfigFile() {
    }

    /** The default file for this environment and home directory. */
    static Path defaultLocation(Map<String, String> environment, Path home) {
        String xdg = environment.getOrDefault("XDG_CONFIG_HOME", "");
        Path base = !xdg.isEmpty() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : home.resolve(".config");
        return base.resolve("portknock").resolve("client.conf");
    }

    /** The process's home directory. */
    static Path home() {
        return Path.of(System.getProperty("user.home"));
    }

    /**
     * Loads the file; empty when it does not exist and {@code required} is false (no named hosts).
     *
     * @throws CommandFailure when other users may read or change it, or it is required and missing
     */
    static ClientConfig load(Path file, Path home, boolean required) throws IOException, ConfigException {
        if (!Files.exists(file)) {
            if (required) {
                throw new CommandFailure("no such client configuration: " + file);
            }
            return ClientConfig.empty();
        }
        refuseOpenPermissions(file);
        return ClientConfigParser.parse(file, home);
    }

    private static void refuseOpenPermissions(Path file) throws IOException {
        Optional<PosixFileAttributeView> view =
                Optional.ofNullable(Files.getFileAttributeView(file, PosixFileAttributeView.class));
        if (view.isEmpty()) {
            return; // no owner/group/other bits to check on this file system
        }
        Set<PosixFilePermission> permissions = view.get().readAttributes().permissions();
        if (permissions.stream().anyMatch(TOO_OPEN::contains)) {
            throw new CommandFailure(file + ": permissions " + PosixFilePermissions.toString(permissions)
                    + " are too open: other users could read the pads it names or change them; run: chmod 600 "
                    + file);
        }
    }
}
