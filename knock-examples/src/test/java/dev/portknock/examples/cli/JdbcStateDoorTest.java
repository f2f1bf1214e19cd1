package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portknock.examples.config.ConfigException;
import dev.portknock.examples.config.ServerConfig;
import dev.portknock.spi.ProviderRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A door whose state is a PostgreSQL URL: what is refused before any database is contacted. */
class JdbcStateDoorTest {
    static final String SECRET = "never-print-me";

    @TempDir
    Path dir;

    @BeforeEach
    void generateThePad() {
        assertEquals(KnockCli.OK, Cli.run("pad", "generate", "--out", dir.resolve("door.pad").toString(),
                "--knocks", "5", "--bits", "9", "--tag-digits", "7").status());
    }

    ConfigException assembleFails(String state, Map<String, String> environment) throws IOException, ConfigException {
        Path config = Files.writeString(dir.resolve("doors.conf"), "[fleet]\n  pad = door.pad\n  state = " + state
                + "\n  digit_bits = 9\n  tag_digits = 7\n  capture = udp-socket\n  listen = 127.0.0.1\n"
                + "  services = 22\n  start_command = /bin/true\n");
        ServerConfig parsed = ServerConfig.load(config);
        return assertThrows(ConfigException.class, () -> ConfiguredServers.assemble(parsed,
                ProviderRegistry.discoverCaptureProviders(), ProviderRegistry.discoverLauncherProviders(),
                Clock.systemUTC(), List.of(), environment));
    }

    @Test
    void withoutCredentialsInTheEnvironmentTheDoorIsRefusedNamingTheVariable() throws Exception {
        ConfigException e = assembleFails("jdbc:postgresql://127.0.0.1:1/portknock", Map.of());

        assertEquals(dir.resolve("doors.conf") + ":1: door fleet: state: environment variable PORTKNOCK_DB_USER"
                + " is not set", e.getMessage());
    }

    @Test
    void aPasswordInTheUrlIsRefusedWithoutQuotingIt() throws Exception {
        ConfigException e = assembleFails("jdbc:postgresql://127.0.0.1:1/portknock?password=" + SECRET,
                Map.of("PORTKNOCK_DB_USER", "gateway", "PORTKNOCK_DB_PASSWORD", SECRET));

        assertEquals(dir.resolve("doors.conf") + ":1: door fleet: state: jdbc url must not carry credentials"
                + " (parameter password); give them in the environment or a credentials file", e.getMessage());
        assertFalse(e.getMessage().contains(SECRET));
    }
}
