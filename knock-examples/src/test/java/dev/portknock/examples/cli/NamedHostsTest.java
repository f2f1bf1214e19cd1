package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.pad.FilePadStateStore;
import dev.portknock.pad.Pad;
import dev.portknock.pad.Side;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code knock send NAME}: a stanza of the client configuration instead of the options. */
class NamedHostsTest {
    @TempDir
    Path dir;
    private Path pad;
    private Path config;

    @BeforeEach
    void generatePad() {
        pad = dir.resolve("gw.pad");
        config = dir.resolve("client.conf");
        assertEquals(KnockCli.OK, Cli.run("pad", "generate", "--out", pad.toString(), "--knocks", "3").status());
    }

    private void writeConfig(String text) throws IOException {
        Files.writeString(config, text);
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
    }

    private static final String GATEWAY = """
            [gateway]
              host = 127.0.0.1
              pad = gw.pad
              state = state
              base = 30000
              service = 22
              duration = 60
              delay = 1
              pacing_ms = 0
            """;

    private Cli.Result send(String... extra) {
        List<String> args = new ArrayList<>(List.of("send", "gateway", "--config", config.toString()));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    private long clientCursor() throws IOException {
        return new FilePadStateStore(dir.resolve("state")).read(Pad.open(pad).id(), Side.CLIENT).cursor();
    }

    private static int[] ports(Cli.Result result) {
        String out = result.out().strip();
        return java.util.Arrays.stream(out.substring(out.lastIndexOf("ports ") + 6).split(","))
                .mapToInt(Integer::parseInt).toArray();
    }

    @Test
    void aNamedHostIsKnockedWithItsStanzaAndPrintsOneLine() throws IOException {
        writeConfig(GATEWAY);
        Cli.Result sent = send();
        assertEquals(KnockCli.OK, sent.status(), sent.err());
        assertTrue(sent.out().matches("sent knock 0 of pad [0-9a-f]+ to 127\\.0\\.0\\.1, 2 knocks left: 11 udp packets, "
                + "ports [0-9,]+\\R"), sent.out());
        assertEquals(1, clientCursor());
        for (int port : ports(sent)) {
            assertTrue(port >= 30000 && port < 30000 + 4096, "port " + port);
        }
    }

    @Test
    void anOptionOverridesTheStanza() throws IOException {
        writeConfig(GATEWAY);
        Cli.Result sent = send("--base", "50000");
        assertEquals(KnockCli.OK, sent.status(), sent.err());
        for (int port : ports(sent)) {
            assertTrue(port >= 50000 && port < 50000 + 4096, "port " + port);
        }
    }

    @Test
    void theStanzasCommandValuesAreTheCommand() throws IOException {
        writeConfig(GATEWAY.replace("base = 30000", "base = 30000\n  scheme = raw"));
        Cli.Result sent = send();
        assertEquals(KnockCli.OK, sent.status(), sent.err());
        assertTrue(sent.out().strip().endsWith(",30022,30060,30001"), sent.out());
    }

    @Test
    void quietPrintsNothingOnSuccess() throws IOException {
        writeConfig(GATEWAY);
        Cli.Result sent = send("-q");
        assertEquals(KnockCli.OK, sent.status(), sent.err());
        assertEquals("", sent.out());
        assertEquals(1, clientCursor());
    }

    @Test
    void quietAndVerboseExcludeEachOther() throws IOException {
        writeConfig(GATEWAY);
        Cli.Result result = send("-q", "-v");
        assertEquals(KnockCli.USAGE, result.status());
        assertTrue(result.err().startsWith("-q and -v exclude each other"), result.err());
    }

    @Test
    void aConfigurationOtherUsersCanReadIsRefusedWithTheChmodThatFixesIt() throws IOException {
        writeConfig(GATEWAY);
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        Cli.Result result = send();
        assertEquals(KnockCli.FAILED, result.status());
        assertEquals("knock: " + config + ": permissions rw-r--r-- are too open: other users could read the pads it "
                + "names or change them; run: chmod 600 " + config + System.lineSeparator(), result.err());
        assertTrue(Files.notExists(dir.resolve("state")), "nothing was sent");
    }

    @Test
    void aConfigurationTheGroupCanWriteIsRefused() throws IOException {
        writeConfig(GATEWAY);
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw--w----"));
        assertEquals(KnockCli.FAILED, send().status());
    }

    @Test
    void aMistakeInTheConfigurationNamesFileAndLine() throws IOException {
        writeConfig(GATEWAY.replace("delay = 1", "dealy = 1"));
        Cli.Result result = send();
        assertEquals(KnockCli.FAILED, result.status());
        assertEquals("knock: " + config + ":8: unknown key 'dealy' in [gateway]" + System.lineSeparator(), result.err());
    }

    @Test
    void aStanzaWithoutAllTheDoorsCommandValuesNamesTheStanza() throws IOException {
        writeConfig(GATEWAY.replace("  delay = 1\n", ""));
        Cli.Result result = send();
        assertEquals(KnockCli.FAILED, result.status());
        assertEquals("knock: " + config + ":1: host [gateway] gives no 'delay' for the door's 3 command digits "
                + "(service,duration,delay)" + System.lineSeparator(), result.err());
    }

    @Test
    void aStanzaValueThatDoesNotFitTheDoorNamesTheStanza() throws IOException {
        writeConfig(GATEWAY.replace("base = 30000", "base = 62000"));
        Cli.Result result = send();
        assertEquals(KnockCli.FAILED, result.status());
        assertTrue(result.err().startsWith("knock: " + config + ":1: host [gateway]: "), result.err());
    }

    @Test
    void aStanzaWithoutAPadAsksForIt() throws IOException {
        writeConfig("[gateway]\nhost = 127.0.0.1\nstate = state\n");
        Cli.Result result = Cli.run("send", "gateway", "--config", config.toString(), "--command", "1,1,1");
        assertEquals(KnockCli.USAGE, result.status());
        assertTrue(result.err().startsWith("give --pad and --state for a one-time knock, or ports for a fixed knock"),
                result.err());
    }

    @Test
    void aStanzaWithAPadButNoStateNamesTheKeyToAdd() throws IOException {
        writeConfig("[gateway]\nhost = 127.0.0.1\npad = gw.pad\n");
        Cli.Result result = Cli.run("send", "gateway", "--config", config.toString(), "--command", "1,1,1");
        assertEquals(KnockCli.USAGE, result.status());
        assertTrue(result.err().startsWith("give --state or 'state' in host [gateway] of the client configuration"),
                result.err());
    }

    @Test
    void aNameWithoutAStanzaIsAHost() throws IOException {
        writeConfig(GATEWAY);
        Cli.Result sent = Cli.run("send", "127.0.0.1", "--config", config.toString(), "--pad", pad.toString(),
                "--state", dir.resolve("state").toString(), "--command", "1,1,1", "--delay-ms", "0");
        assertEquals(KnockCli.OK, sent.status(), sent.err());
        assertTrue(sent.out().startsWith("sent knock 0 of pad "), sent.out());
    }

    @Test
    void aConfigurationGivenWithConfigMustExist() {
        Cli.Result result = send();
        assertEquals(KnockCli.FAILED, result.status());
        assertEquals("knock: no such client configuration: " + config + System.lineSeparator(), result.err());
    }

    @Test
    void theConfigurationIsUnderXdgConfigHomeWhenItIsAnAbsolutePath() {
        Path home = Path.of("/home/alice");
        assertEquals(Path.of("/xdg/portknock/client.conf"),
                ClientConfigFile.defaultLocation(Map.of("XDG_CONFIG_HOME", "/xdg"), home));
        assertEquals(Path.of("/home/alice/.config/portknock/client.conf"),
                ClientConfigFile.defaultLocation(Map.of(), home));
        assertEquals(Path.of("/home/alice/.config/portknock/client.conf"),
                ClientConfigFile.defaultLocation(Map.of("XDG_CONFIG_HOME", ""), home));
        assertEquals(Path.of("/home/alice/.config/portknock/client.conf"),
                ClientConfigFile.defaultLocation(Map.of("XDG_CONFIG_HOME", "relative/dir"), home));
    }
}
