package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portknock.core.Profile;
import dev.portknock.examples.config.ConfigException;
import dev.portknock.examples.config.PadDoorConfig;
import dev.portknock.examples.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A one-time door (udp, k=9, services 22 and 443, a udp-socket capture on 127.0.0.1) in a
 * configuration of its own whose pads
 * come from {@code knock pad provision}, for client tests that knock with the bundles.
 */
final class ProvisionedDoor {
    private final Path directory;
    private final Path config;

    /** Writes the configuration, with its pad directory, under {@code directory}, the door's ports from {@code base}. */
    ProvisionedDoor(Path directory, int base) throws IOException {
        this.directory = Files.createDirectories(directory);
        Files.createDirectory(directory.resolve("pads"));
        config = Files.writeString(directory.resolve("knockd.conf"), "[ssh]\n  pad = pads\n  state = state\n"
                + "  base_port = " + base + "\n  digit_bits = 9\n  tag_digits = 7\n  services = 22,443\n"
                + "  command = /bin/true\n  capture = udp-socket\n  listen = 127.0.0.1\n");
    }

    /** Provisions a pad of {@code knocks} knocks for 127.0.0.1; returns its bundle. */
    Path provision(String label, int knocks) {
        Path bundle = directory.resolve(label + ".bundle");
        Cli.Result result = Cli.run("pad", "provision", "-c", config.toString(), "--door", "ssh", "--label", label,
                "--host", "127.0.0.1", "--out", bundle.toString(), "--knocks", Integer.toString(knocks));
        assertEquals(KnockCli.OK, result.status(), result.err());
        return bundle;
    }

    /** The server configuration. */
    Path config() {
        return config;
    }

    /** The door's profile, as the server reads it. */
    Profile profile() throws IOException, ConfigException {
        return door().door().profile();
    }

    /** The door's pad directory. */
    Path pads() {
        return directory.resolve("pads");
    }

    /** The door's server state directory. */
    Path state() {
        return directory.resolve("state");
    }

    private PadDoorConfig door() throws IOException, ConfigException {
        return (PadDoorConfig) ServerConfig.load(config).door("ssh").orElseThrow();
    }
}
