package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portknock.examples.config.ConfigException;
import dev.portknock.examples.config.ProviderIds;
import dev.portknock.examples.config.ServerConfig;
import dev.portknock.spi.CaptureProvider;
import dev.portknock.spi.Launcher;
import dev.portknock.spi.LauncherProvider;
import dev.portknock.spi.ProviderRegistry;
import dev.portknock.spi.Requirement;
import dev.portknock.testkit.RecordingLauncher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A configuration names a third party's capture and launcher by their provider ids and passes
 * their options through; the command line opens them as it opens the built-in ones.
 */
class ConfiguredBackendsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final RecordingCapture pcap = new RecordingCapture("pcap");
    private final RecordingCapture tap = new RecordingCapture("tap");
    private final SettingsRecorder audit = new SettingsRecorder("audit");
    private final ProviderRegistry<CaptureProvider> captures = ProviderRegistry.ofCaptureProviders(List.of(pcap, tap));
    private final ProviderRegistry<LauncherProvider> launchers = ProviderRegistry.ofLauncherProviders(
            List.of(audit, ProviderRegistry.discoverLauncherProviders().get("process")));

    @BeforeEach
    void generateThePad() {
        assertEquals(KnockCli.OK, Cli.run("pad", "generate", "--out", dir.resolve("door.pad").toString(),
                "--knocks", "5", "--bits", "9", "--tag-digits", "7", "--state", dir.resolve("door.state").toString())
                .status());
    }

    /** The door at line 3 with these keys; the file may name the providers above. */
    private ServerConfig parsed(String keys) throws IOException, ConfigException {
        Path config = Files.writeString(dir.resolve("doors.conf"), "[options]\n  LockDir = locks\n[door]\n"
                + "  pad = door.pad\n  state = door.state\n  digit_bits = 9\n  tag_digits = 7\n  services = 22\n"
                + keys);
        return ServerConfig.load(config, java.util.Optional.empty(), ProviderIds.of(captures.ids(), launchers.ids()));
    }

    private ConfiguredServers assemble(String keys) throws IOException, ConfigException {
        return ConfiguredServers.assemble(parsed(keys), captures, launchers, CLOCK, List.of(), Map.of());
    }

    @Test
    void aCaptureNamedByItsProviderIdIsOpenedWithItsOptions() throws Exception {
        assemble("  capture = tap\n  capture_option.ring = 8\n  start_command = /bin/true\n").close();

        assertEquals(Map.of("ring", "8"), tap.spec.options());
    }

    @Test
    void aLauncherNamedByItsProviderIdIsCreatedWithItsOptions() throws Exception {
        assemble("  launcher = audit\n  launcher_option.channel = ops\n").close();

        assertEquals(List.of(Map.of("channel", "ops")), audit.settings);
    }

    @Test
    void aCaptureOptionThatRepeatsACaptureKeyIsRefusedAtTheDoor() {
        ConfigException e = assertThrows(ConfigException.class, () -> assemble("  capture_buffer_size = 1048576\n"
                + "  capture_option.buffer_size = 2097152\n  start_command = /bin/true\n"));

        assertEquals(dir.resolve("doors.conf") + ":3: door door: capture pcap: capture_option.buffer_size sets"
                + " buffer_size, which the door's other keys set already", e.getMessage());
    }

    @Test
    void aLauncherOptionThatRepeatsACommandIsRefusedAtTheDoor() {
        ConfigException e = assertThrows(ConfigException.class, () -> assemble("  start_command = /bin/true\n"
                + "  launcher_option.start_command = /bin/false\n"));

        assertEquals(dir.resolve("doors.conf") + ":3: door door: launcher_option.start_command sets start_command,"
                + " which the door's other keys set already", e.getMessage());
    }

    @Test
    void aProviderTheFileNamesButTheServerLacksIsRefusedNamingIt() {
        ProviderRegistry<CaptureProvider> withoutTap = ProviderRegistry.ofCaptureProviders(List.of(pcap));

        ConfigException e = assertThrows(ConfigException.class, () -> ConfiguredServers.assemble(
                parsed("  capture = tap\n  start_command = /bin/true\n"), withoutTap, launchers, CLOCK, List.of(),
                Map.of()));

        assertEquals(dir.resolve("doors.conf") + ":3: door door: capture tap: "
                + assertThrows(dev.portknock.spi.ProviderNotFoundException.class, () -> withoutTap.get("tap"))
                .getMessage(), e.getMessage());
    }

    /** A third party's launch backend: records the settings each launcher was created with. */
    private static final class SettingsRecorder implements LauncherProvider {
        private final String id;
        final List<Map<String, String>> settings = new ArrayList<>();

        SettingsRecorder(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Set<Requirement> requirements() {
            return Set.of();
        }

        @Override
        public Launcher create(Map<String, String> given) {
            settings.add(Map.copyOf(given));
            return new RecordingLauncher(CLOCK);
        }
    }
}
