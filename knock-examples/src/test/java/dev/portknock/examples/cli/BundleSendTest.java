package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.examples.config.BundleFormat;
import dev.portknock.pad.FilePadStateStore;
import dev.portknock.pad.PadId;
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

/** {@code knock send --bundle}: the bundle's settings, contradictions refused, several pads, the low-water warning. */
class BundleSendTest {
    private static final int BASE = 31000;

    @TempDir
    Path dir;
    private Path first;
    private Path second;
    private Path state;

    @BeforeEach
    void provision() throws IOException {
        ProvisionedDoor door = new ProvisionedDoor(dir.resolve("server"), BASE);
        first = door.provision("alice-1", 2);
        second = door.provision("alice-2", 2);
        state = dir.resolve("client-state");
    }

    private Cli.Result send(String... args) {
        List<String> all = new ArrayList<>(List.of("send", "--state", state.toString(), "--delay-ms", "0"));
        all.addAll(List.of(args));
        return Cli.run(all.toArray(String[]::new));
    }

    private static int[] ports(Cli.Result result) {
        String out = result.out().strip();
        return java.util.Arrays.stream(out.substring(out.lastIndexOf("ports ") + 6).split(","))
                .mapToInt(Integer::parseInt).toArray();
    }

    @Test
    void aBundleAloneSaysWhereAndHowToKnock() {
        Cli.Result sent = send("--bundle", first.toString());
        assertEquals(KnockCli.OK, sent.status(), sent.err());
        assertTrue(sent.out().matches("sent knock 0 of pad [0-9a-f]+ to 127\\.0\\.0\\.1, 1 knocks left: 11 udp packets, "
                + "ports [0-9,]+\\R"), sent.out());
        for (int port : ports(sent)) {
            assertTrue(port >= BASE && port < BASE + 512, "port " + port);
        }
    }

    @Test
    void aFlagThatContradictsTheBundleIsRefused() {
        Cli.Result result = send("--bundle", first.toString(), "--tcp");
        assertEquals(KnockCli.USAGE, result.status());
        assertTrue(result.err().startsWith("--tcp contradicts the bundle: bundle " + first + " is for a door whose "
                + "transport is udp"), result.err());
    }

    @Test
    void anotherBaseIsRefusedAndTheSameOneIsNot() {
        Cli.Result other = send("--bundle", first.toString(), "--base", "40000");
        assertEquals(KnockCli.USAGE, other.status());
        assertTrue(other.err().startsWith("--base 40000 contradicts the bundle: bundle " + first + " is for a door "
                + "whose base port is " + BASE), other.err());
        Cli.Result same = send("--bundle", first.toString(), "--base", Integer.toString(BASE), "--dry-run");
        assertEquals(KnockCli.OK, same.status(), same.err());
    }

    @Test
    void otherHintDigitsThanTheBundlesAreRefused() {
        Cli.Result result = send("--bundle", first.toString(), "--hint-digits", "2");
        assertEquals(KnockCli.USAGE, result.status());
        assertTrue(result.err().startsWith("--hint-digits 2 contradicts the bundle: bundle " + first + " is for a door "
                + "whose hint digits are 1"), result.err());
    }

    @Test
    void aStanzaKeyThatContradictsTheBundleIsRefusedAtTheStanza() throws IOException {
        Path config = clientConfig("[gateway]\n  bundle = " + first + "\n  state = " + state + "\n  scheme = raw\n");
        Cli.Result result = Cli.run("send", "gateway", "--config", config.toString());
        assertEquals(KnockCli.FAILED, result.status());
        assertEquals("knock: " + config + ":1: host [gateway]: 'scheme = raw' contradicts the bundle: bundle " + first
                + " is for a door whose scheme is sealed" + System.lineSeparator(), result.err());
    }

    @Test
    void aServiceThePadMayNotAskForIsRefusedBeforeAKnockIsSpent() throws IOException {
        Cli.Result result = send("--bundle", first.toString(), "--command", "80,0,0");
        assertEquals(KnockCli.USAGE, result.status());
        assertTrue(result.err().startsWith("service 80 is not one that pad alice-1 of door ssh may ask for (22, 443)"),
                result.err());
        try (java.util.stream.Stream<Path> files = Files.list(state)) {
            assertEquals(List.of(), files.toList(), "no cursor moved");
        }
    }

    @Test
    void aPadAndABundleExcludeEachOther() {
        Cli.Result result = send("127.0.0.1", "--bundle", first.toString(), "--pad", first.toString());
        assertEquals(KnockCli.USAGE, result.status());
        assertTrue(result.err().startsWith("give --pad or --bundle, not both: a bundle holds its pad"), result.err());
    }

    @Test
    void aFixedKnockTakesNoBundle() {
        Cli.Result result = Cli.run("send", "127.0.0.1", "7000", "--bundle", first.toString());
        assertEquals(KnockCli.USAGE, result.status());
        assertTrue(result.err().startsWith("--bundle is for one-time knocks (--pad); a fixed knock takes only ports"),
                result.err());
    }

    @Test
    void withoutHostOrBundleItIsBadUsage() {
        Cli.Result result = Cli.run("send");
        assertEquals(KnockCli.USAGE, result.status());
        assertTrue(result.err().startsWith("give HOST, or --bundle FILE"), result.err());
    }

    @Test
    void aReadableBundleIsRefused() throws IOException {
        Files.setPosixFilePermissions(first, PosixFilePermissions.fromString("rw-r--r--"));
        Cli.Result result = send("--bundle", first.toString());
        assertEquals(KnockCli.FAILED, result.status());
        assertEquals("knock: bundle " + first + " is accessible by group or others (mode rw-r--r--): it holds a pad; "
                + "run chmod go-rwx " + first + System.lineSeparator(), result.err());
    }

    @Test
    void theClientMovesToTheNextPadWhenTheFirstIsUsedUpAndSaysSoOnce() {
        String[] both = {"--bundle", first.toString(), "--bundle", second.toString(), "--low-water", "0"};
        String firstPad = padOf(send(both));
        assertEquals(firstPad, padOf(send(both)));
        Cli.Result third = send(both);
        String secondPad = padOf(third);
        assertTrue(!secondPad.equals(firstPad));
        assertEquals("pad " + firstPad + " (" + first + ") is used up: moving on to pad " + secondPad + " (" + second
                + ")" + System.lineSeparator(), third.err());
        Cli.Result fourth = send(both);
        assertEquals(secondPad, padOf(fourth));
        assertTrue(fourth.err().startsWith("warning: pad " + secondPad + " runs low: 0 knocks left"), fourth.err());
        Cli.Result fifth = send(both);
        assertEquals(KnockCli.FAILED, fifth.status());
        assertEquals("knock: every pad is used up: " + first + ", " + second + "; ask for a new one (knock pad "
                + "provision)" + System.lineSeparator(), fifth.err());
    }

    @Test
    void aStanzasBundlesAreUsedInOrder() throws IOException {
        Path config = clientConfig("[gateway]\n  bundle = " + first + ", " + second + "\n  state = " + state
                + "\n  pacing_ms = 0\n  low_water = 0\n");
        for (int i = 0; i < 2; i++) {
            assertEquals(KnockCli.OK, Cli.run("send", "gateway", "--config", config.toString()).status());
        }
        Cli.Result third = Cli.run("send", "gateway", "--config", config.toString());
        assertEquals(KnockCli.OK, third.status(), third.err());
        assertTrue(third.err().contains("is used up: moving on to pad "), third.err());
    }

    @Test
    void theClientWarnsWhenTheKnocksLeftWithTheLaterPadsReachTheLowWaterMark() {
        String[] both = {"--bundle", first.toString(), "--bundle", second.toString(), "--low-water", "2"};
        Cli.Result above = send(both);
        assertEquals("", above.err(), "1 + 2 knocks left, above 2");
        Cli.Result at = send(both);
        assertEquals("warning: pad " + padOf(at) + " runs low: 2 knocks left with the pads after it, at or below the "
                + "low-water mark 2; ask for a new pad (knock pad provision)" + System.lineSeparator(), at.err());
    }

    @Test
    void theDefaultLowWaterMarkIsTheServers() {
        Cli.Result sent = send("--bundle", first.toString());
        assertEquals("warning: pad " + padOf(sent) + " runs low: 1 knocks left, at or below the low-water mark 100; "
                + "ask for a new pad (knock pad provision)" + System.lineSeparator(), sent.err());
    }

    @Test
    void quietSaysNothingEvenWhenLow() {
        Cli.Result sent = send("--bundle", first.toString(), "-q");
        assertEquals(KnockCli.OK, sent.status(), sent.err());
        assertEquals("", sent.out() + sent.err());
    }

    @Test
    void aNegativeLowWaterMarkIsBadUsage() {
        Cli.Result result = send("--bundle", first.toString(), "--low-water", "-1");
        assertEquals(KnockCli.USAGE, result.status());
        assertTrue(result.err().startsWith("--low-water must not be negative: -1"), result.err());
    }

    @Test
    void withoutStateTheCursorLivesInTheXdgStateDirectory() throws Exception {
        Path xdg = dir.resolve("xdg-state");
        Path out = dir.resolve("out");
        ProcessBuilder builder = new ProcessBuilder(ThisBuild.knock("send", "--bundle", first.toString(), "-q"))
                .redirectOutput(out.toFile()).redirectErrorStream(true);
        builder.environment().put("XDG_STATE_HOME", xdg.toString());
        Process process = builder.start();
        assertTrue(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "knock send ended");
        assertEquals(0, process.exitValue(), Files.readString(out));
        PadId pad = BundleFormat.read(first).pad().id();
        assertEquals(1, new FilePadStateStore(xdg.resolve("portknock")).read(pad, Side.CLIENT).cursor());
    }

    @Test
    void theClientsDefaultStateDirectoryFollowsXdg() {
        Path home = Path.of("/home/alice");
        assertEquals(Path.of("/var/state/alice/portknock"),
                StateDirectory.clientDefault(Map.of("XDG_STATE_HOME", "/var/state/alice"), home));
        assertEquals(home.resolve(".local/state/portknock"), StateDirectory.clientDefault(Map.of(), home));
        assertEquals(home.resolve(".local/state/portknock"),
                StateDirectory.clientDefault(Map.of("XDG_STATE_HOME", "relative"), home));
    }

    private Path clientConfig(String text) throws IOException {
        Path config = Files.writeString(dir.resolve("client.conf"), text);
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        return config;
    }

    private static String padOf(Cli.Result result) {
        assertEquals(KnockCli.OK, result.status(), result.err());
        String out = result.out();
        int at = out.indexOf(" of pad ") + 8;
        return out.substring(at, out.indexOf(' ', at));
    }
}
