package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.core.Profile;
import dev.portknock.examples.config.BundleFormat;
import dev.portknock.examples.config.ClientBundle;
import dev.portknock.examples.config.ConfigException;
import dev.portknock.examples.config.PadDoorConfig;
import dev.portknock.examples.config.ServerConfig;
import dev.portknock.pad.FilePadStateStore;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadState;
import dev.portknock.pad.Side;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code knock pad provision}: a user's pad, its server state and its client bundle, from a door. */
class PadProvisionCommandTest {
    private static final String DOOR = """
            [ssh]
              pad = pads
              state = state
              base_port = 30000
              digit_bits = 10
              tag_digits = 6
              protocol = tcp
              services = 22,443
              command = /bin/true
            [fixed]
              sequence = 7000,8000
              command = /bin/true
            """;

    @TempDir
    Path dir;
    private Path config;
    private Path pads;
    private Path bundle;

    @BeforeEach
    void writeConfiguration() throws IOException {
        config = Files.writeString(dir.resolve("knockd.conf"), DOOR);
        pads = Files.createDirectory(dir.resolve("pads"));
        bundle = dir.resolve("alice.bundle");
    }

    private Cli.Result provision(String... extra) {
        List<String> args = new ArrayList<>(List.of("pad", "provision", "-c", config.toString(), "--door", "ssh",
                "--label", "alice-laptop", "--host", "gateway.example", "--out", bundle.toString(), "--knocks", "20"));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    private Profile doorProfile() throws IOException, ConfigException {
        return ((PadDoorConfig) ServerConfig.load(config).door("ssh").orElseThrow()).door().profile();
    }

    private List<Path> created() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).filter(file -> !file.equals(config)).forEach(files::add);
        }
        return files;
    }

    @Test
    void itCreatesThePadItsSideFileItsServerStateAndTheBundle() throws Exception {
        Cli.Result result = provision();
        assertEquals(KnockCli.OK, result.status(), result.err());
        Path padFile = pads.resolve("alice-laptop.pad");
        Pad pad = Pad.open(padFile);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(padFile)));
        assertEquals(20, pad.knocks(doorProfile()));
        assertEquals("# the pad alice-laptop.pad of door ssh, made by knock pad provision\nlabel = alice-laptop\n",
                Files.readString(pads.resolve("alice-laptop.pad.conf")));
        assertEquals(Optional.of(PadState.fresh(pad.id(), Side.SERVER)),
                new FilePadStateStore(dir.resolve("state")).stored(pad.id(), Side.SERVER));
        ClientBundle read = BundleFormat.read(bundle);
        assertEquals(pad.id(), read.pad().id());
        assertArrayEquals(pad.block(19, 15), read.pad().block(19, 15));
        assertEquals("gateway.example", read.settings().host());
        assertEquals(List.of(22, 443), read.settings().services());
        assertEquals(doorProfile(), read.settings().profile());
        assertTrue(result.out().startsWith("provisioned pad " + pad.id() + " for alice-laptop on door ssh: 20 knocks, "
                + "services 22, 443" + System.lineSeparator()), result.out());
        assertEquals(List.of(), Stream.of(pads.toFile().list()).filter(name -> name.startsWith(".")).toList(),
                "no pending file is left");
    }

    @Test
    void servicesLimitThePadInItsSideFileAndItsBundle() throws Exception {
        Cli.Result result = provision("--services", "443");
        assertEquals(KnockCli.OK, result.status(), result.err());
        assertTrue(Files.readString(pads.resolve("alice-laptop.pad.conf")).endsWith("label = alice-laptop\n"
                + "services = 443\n"));
        assertEquals(List.of(443), BundleFormat.read(bundle).settings().services());
    }

    @Test
    void aServiceTheDoorDoesNotOfferIsBadUsageAndCreatesNothing() throws IOException {
        Cli.Result result = provision("--services", "22,8080");
        assertEquals(KnockCli.USAGE, result.status());
        assertTrue(result.err().startsWith("--services: service 8080 is not one of door ssh's (22, 443)"), result.err());
        assertEquals(List.of(), created());
    }

    @Test
    void aDoorNamingOnePadFileIsRefused() throws IOException {
        Files.writeString(config, DOOR.replace("pad = pads", "pad = door.pad"));
        Files.writeString(dir.resolve("door.pad"), "a pad");
        Cli.Result result = provision();
        assertEquals(KnockCli.FAILED, result.status());
        assertEquals("knock: door ssh of " + config + " (line 1) names the single pad file " + dir.resolve("door.pad")
                + "; provisioning adds pads to a door whose 'pad' names a directory of *.pad files: move the pad into "
                + "a directory and set 'pad' to it" + System.lineSeparator(), result.err());
        assertEquals(List.of(dir.resolve("door.pad")), created());
    }

    @Test
    void aDoorListingAFileAndItsDirectoryTakesTheNewPadInTheDirectory() throws Exception {
        Files.writeString(config, DOOR.replace("pad = pads", "pad = ops.pad, pads"));
        Cli.Result result = provision();
        assertEquals(KnockCli.OK, result.status(), result.err());
        assertTrue(Files.isRegularFile(pads.resolve("alice-laptop.pad")));
    }

    @Test
    void aDoorOfTwoPadDirectoriesIsRefused() throws IOException {
        Path more = Files.createDirectory(dir.resolve("more"));
        Files.writeString(config, DOOR.replace("pad = pads", "pad = pads, more"));
        Cli.Result result = provision();
        assertEquals(KnockCli.FAILED, result.status());
        assertEquals("knock: door ssh of " + config + " (line 1) names 2 pad directories (" + pads + ", " + more
                + "); provisioning needs the door to name exactly one" + System.lineSeparator(), result.err());
        assertEquals(List.of(), created());
    }

    @Test
    void anExistingBundleIsNeverOverwrittenAndNothingIsCreated() throws IOException {
        Files.writeString(bundle, "mine");
        Cli.Result result = provision();
        assertEquals(KnockCli.FAILED, result.status());
        assertEquals("knock: file exists, refusing to overwrite it: " + bundle + System.lineSeparator(), result.err());
        assertEquals("mine", Files.readString(bundle));
        assertEquals(List.of(bundle), created());
    }

    @Test
    void anExistingPadOfTheLabelIsNeverOverwritten() throws IOException {
        assertEquals(KnockCli.OK, provision().status());
        byte[] first = Files.readAllBytes(pads.resolve("alice-laptop.pad"));
        Cli.Result again = Cli.run("pad", "provision", "-c", config.toString(), "--door", "ssh", "--label",
                "alice-laptop", "--host", "gateway.example", "--out", dir.resolve("other.bundle").toString());
        assertEquals(KnockCli.FAILED, again.status());
        assertEquals("knock: file exists, refusing to overwrite it: " + pads.resolve("alice-laptop.pad")
                + System.lineSeparator(), again.err());
        assertArrayEquals(first, Files.readAllBytes(pads.resolve("alice-laptop.pad")));
        assertTrue(Files.notExists(dir.resolve("other.bundle")));
    }

    @Test
    void aBundleThatCannotBeWrittenLeavesNeitherThePadNorItsServerState() throws IOException {
        Path nowhere = dir.resolve("missing").resolve("alice.bundle");
        Cli.Result result = Cli.run("pad", "provision", "-c", config.toString(), "--door", "ssh", "--label",
                "alice-laptop", "--host", "gateway.example", "--out", nowhere.toString(), "--knocks", "20");
        assertEquals(KnockCli.FAILED, result.status());
        assertTrue(result.err().endsWith(nowhere + System.lineSeparator()), result.err());
        assertEquals(List.of(), created(), "no pad, side file or server state of a pad nobody holds");
    }

    @Test
    void aPadOfMoreThanOneGibibyteNeedsForceAndNothingIsCreated() throws IOException {
        Cli.Result result = Cli.run("pad", "provision", "-c", config.toString(), "--door", "ssh", "--label", "alice",
                "--host", "gw", "--out", bundle.toString(), "--knocks", "100000000");
        assertEquals(KnockCli.USAGE, result.status());
        assertTrue(result.err().startsWith("the pad file would be 1875000068 bytes, more than 1 GiB: check --knocks, "
                + "and add --force to write it"), result.err());
        assertEquals(List.of(), created());
    }

    @Test
    void aFixedDoorTakesNoPad() {
        Cli.Result result = Cli.run("pad", "provision", "-c", config.toString(), "--door", "fixed", "--label", "a",
                "--host", "gw", "--out", bundle.toString());
        assertEquals(KnockCli.FAILED, result.status());
        assertEquals("knock: door fixed of " + config + " is a fixed door; only one-time doors (with 'pad') take pads"
                + System.lineSeparator(), result.err());
    }

    @Test
    void anUnknownDoorIsNamedWithTheDoorsThereAre() {
        Cli.Result result = Cli.run("pad", "provision", "-c", config.toString(), "--door", "web", "--label", "a",
                "--host", "gw", "--out", bundle.toString());
        assertEquals(KnockCli.FAILED, result.status());
        assertEquals("knock: no door web in " + config + "; its doors: ssh, fixed" + System.lineSeparator(),
                result.err());
    }

    @Test
    void aLabelThatCouldLeaveThePadDirectoryIsBadUsage() throws IOException {
        Cli.Result result = Cli.run("pad", "provision", "-c", config.toString(), "--door", "ssh", "--label",
                "../escape", "--host", "gw", "--out", bundle.toString());
        assertEquals(KnockCli.USAGE, result.status());
        assertTrue(result.err().startsWith("label must be 1 to 64 letters, digits, '.', '_' or '-', starting with a "
                + "letter or digit: '../escape'"), result.err());
        assertEquals(List.of(), created());
    }
}
