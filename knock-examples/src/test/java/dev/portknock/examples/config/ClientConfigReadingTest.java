package dev.portknock.examples.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.core.Scheme;
import dev.portknock.core.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client configuration, client.conf: named hosts in knockd.conf syntax. */
class ClientConfigReadingTest {
    private static final Path DIRECTORY = Path.of("/home/alice/.config/portknock");
    private static final Path HOME = Path.of("/home/alice");

    @TempDir
    Path dir;

    private static ClientConfig parse(String text) throws ConfigException {
        return ClientConfigParser.parse(text, "client.conf", DIRECTORY, HOME);
    }

    private static String error(String text) {
        return assertThrows(ConfigException.class, () -> parse(text)).getMessage();
    }

    @Test
    void aStanzaGivesEverySettingOfAKnock() throws ConfigException {
        HostStanza gateway = parse("""
                # my gateway
                [gateway]
                  host = gw.example.net
                  pad = ~/pads/gw.pad
                  state = state
                  scheme = raw
                  transport = tcp
                  base = 30000
                  command_digits = 2
                  tag_digits = 6
                  hint_digits = 2
                  service = 22
                  duration = 60
                  bind_source = no
                  accept_weakness = yes
                  seen_as = 198.51.100.7
                  source_address = 192.0.2.10
                  pacing_ms = 5
                  port = 2222
                  wait = 20
                  low_water = 30
                """).host("gateway").orElseThrow();
        assertEquals(new HostStanza("gateway", new Location("client.conf", 2), Optional.of("gw.example.net"),
                Optional.of(Path.of("/home/alice/pads/gw.pad")), List.of(), Optional.of(DIRECTORY.resolve("state")),
                Optional.of(Scheme.RAW), Optional.of(Transport.TCP), Optional.of(30000), Optional.of(2), Optional.of(6),
                Optional.of(2), Map.of("service", 22, "duration", 60), Optional.of(false), Optional.of(true),
                Optional.of(address("198.51.100.7")), Optional.of(address("192.0.2.10")),
                Optional.of(Duration.ofMillis(5)), Optional.of(2222), Optional.of(Duration.ofSeconds(20)), Optional.of(30L)), gateway);
    }

    @Test
    void bundlesAreReadInOrderOfUseAndResolvedAsPadsAre() throws ConfigException {
        HostStanza gateway = parse("[gateway]\n  bundle = ~/old.bundle, new.bundle\n").host("gateway").orElseThrow();
        assertEquals(List.of(HOME.resolve("old.bundle"), DIRECTORY.resolve("new.bundle")), gateway.bundles());
        assertEquals(Optional.empty(), gateway.pad());
    }

    @Test
    void aPadAndABundleExcludeEachOther() {
        assertEquals("client.conf:3: 'pad' and 'bundle' exclude each other in [gateway]: a bundle holds its pad",
                error("[gateway]\n  bundle = a.bundle\n  pad = a.pad\n"));
    }

    @Test
    void anEmptyItemInTheBundleListIsRefused() {
        assertEquals("client.conf:2: empty value for 'bundle'", error("[gateway]\n  bundle = a.bundle,,b.bundle\n"));
    }

    @Test
    void aLowWaterMarkMustBeANumber() {
        assertEquals("client.conf:2: bad number '-1' for 'low_water'", error("[gateway]\n  low_water = -1\n"));
    }

    @Test
    void anEmptyStanzaLeavesEverySettingToTheCommandLineAndTheDefaults() throws ConfigException {
        HostStanza bare = parse("[gw.example.net]\n").host("gw.example.net").orElseThrow();
        assertEquals(Optional.empty(), bare.host());
        assertEquals(Optional.empty(), bare.pad());
        assertEquals(Map.of(), bare.command());
    }

    @Test
    void hostsAreFoundWithoutRegardToCase() throws ConfigException {
        assertTrue(parse("[Gateway]\nbase = 30000\n").host("gateway").isPresent());
        assertEquals(Optional.empty(), parse("[gateway]\n").host("other"));
    }

    @Test
    void knockdAndServerSpellingsOfTheProfileKeysAreAccepted() throws ConfigException {
        HostStanza gateway = parse("[gw]\nProtocol = TCP\nbase_port = 30000\n").host("gw").orElseThrow();
        assertEquals(Optional.of(Transport.TCP), gateway.transport());
        assertEquals(Optional.of(30000), gateway.base());
    }

    @Test
    void anEmptyFileHasNoHosts() throws ConfigException {
        assertEquals(ClientConfig.empty(), parse("# nothing yet\n"));
    }

    @Test
    void aServerKeyIsAnUnknownKeyNamingFileAndLine() {
        assertEquals("client.conf:3: unknown key 'sequence' in [gw]", error("[gw]\nhost = 192.0.2.1\nsequence = 7000\n"));
    }

    @Test
    void aKeyOutsideAnyStanzaSaysHowToStart() {
        assertEquals("client.conf:1: 'host = 192.0.2.1' is outside any section; start with a [host] header",
                error("host = 192.0.2.1\n"));
    }

    @Test
    void aHostNamedTwiceIsRefused() {
        assertEquals("client.conf:3: duplicate section [GW], first at line 1", error("[gw]\n\n[GW]\n"));
    }

    @Test
    void aKeySetTwiceThroughItsAliasIsRefused() {
        assertEquals("client.conf:3: duplicate key 'protocol' in [gw], first set as 'transport' at line 2",
                error("[gw]\ntransport = udp\nprotocol = tcp\n"));
    }

    @Test
    void badValuesNameTheirLine() {
        assertEquals("client.conf:2: unknown transport 'sctp'; expected udp or tcp", error("[gw]\ntransport = sctp\n"));
        assertEquals("client.conf:2: unknown scheme 'fixed'; expected sealed or raw", error("[gw]\nscheme = fixed\n"));
        assertEquals("client.conf:2: bad number '22s' for 'service'", error("[gw]\nservice = 22s\n"));
        assertEquals("client.conf:2: 'port' must be in 1..65535: 70000", error("[gw]\nport = 70000\n"));
        assertEquals("client.conf:2: 'wait' must be in 1..86400: 0", error("[gw]\nwait = 0\n"));
        assertEquals("client.conf:2: 'pacing_ms' must be in 0..10000: 20000", error("[gw]\npacing_ms = 20000\n"));
        assertEquals("client.conf:2: 'seen_as' must be an ip address literal: 'nat.example'",
                error("[gw]\nseen_as = nat.example\n"));
        assertEquals("client.conf:2: empty value for 'pad'", error("[gw]\npad =\n"));
    }

    @Test
    void aHostThatCouldBeReadAsAnOptionIsRefused() {
        assertEquals("client.conf:2: 'host' must be a host name or address: '-oProxyCommand=x'",
                error("[gw]\nhost = -oProxyCommand=x\n"));
        assertEquals("client.conf:2: 'host' must be a host name or address: 'gw example'",
                error("[gw]\nhost = gw example\n"));
    }

    @Test
    void aTruncatedStanzaHeaderIsRefused() {
        assertEquals("client.conf:1: section header '[gatew' is missing ']'", error("[gatew"));
    }

    @Test
    void anOversizedFileIsRefusedBeforeItIsParsed() throws IOException {
        Path file = dir.resolve("client.conf");
        Files.write(file, ("[gw]\n" + "# padding\n".repeat(120_000)).getBytes(StandardCharsets.UTF_8));
        ConfigException e = assertThrows(ConfigException.class, () -> ClientConfigParser.parse(file, HOME));
        assertTrue(e.getMessage().endsWith(": configuration is larger than 1048576 bytes"), e.getMessage());
    }

    @Test
    void binaryGarbageIsRefusedNamingItsLine() throws IOException {
        Path file = dir.resolve("client.conf");
        Files.write(file, new byte[] {'[', 'g', 'w', ']', '\n', 'p', 'a', 'd', '=', (byte) 0xff, (byte) 0xfe, '\n'});
        ConfigException e = assertThrows(ConfigException.class, () -> ClientConfigParser.parse(file, HOME));
        assertEquals(file + ":2: line is not utf-8 text (binary data?)", e.getMessage());
    }

    @Test
    void relativePathsInAFileAreResolvedAgainstItsDirectory() throws IOException, ConfigException {
        Path file = dir.resolve("client.conf");
        Files.writeString(file, "[gw]\npad = gw.pad\n");
        assertEquals(Optional.of(dir.resolve("gw.pad")), ClientConfigParser.parse(file, HOME).host("gw").orElseThrow().pad());
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
