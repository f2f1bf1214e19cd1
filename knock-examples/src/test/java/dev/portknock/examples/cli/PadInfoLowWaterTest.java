package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.examples.config.BundleFormat;
import dev.portknock.pad.FilePadStateStore;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadState;
import dev.portknock.pad.Side;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code knock pad info}'s exit status: 3 when the knocks left are at or below the low-water mark. */
class PadInfoLowWaterTest {
    @TempDir
    Path dir;

    private Path generate(int knocks) {
        Path pad = dir.resolve(knocks + ".pad");
        assertEquals(KnockCli.OK, Cli.run("pad", "generate", "--out", pad.toString(), "--knocks",
                Integer.toString(knocks)).status());
        return pad;
    }

    private static String lastLine(Cli.Result result) {
        String[] lines = result.out().split("\\R");
        return lines[lines.length - 1];
    }

    @Test
    void knocksLeftAtTheMarkExitThree() {
        Cli.Result result = Cli.run("pad", "info", generate(20).toString(), "--low-water", "20");
        assertEquals(KnockCli.LOW_WATER, result.status(), result.err());
        assertEquals(3, result.status());
        assertEquals("low water: 20 knocks left, at or below the mark 20 (exit status 3)", lastLine(result));
    }

    @Test
    void knocksLeftAboveTheMarkExitZero() {
        Cli.Result result = Cli.run("pad", "info", generate(20).toString(), "--low-water", "19");
        assertEquals(KnockCli.OK, result.status(), result.err());
        assertEquals("low water: 20 knocks left, above the mark 19", lastLine(result));
    }

    @Test
    void theDefaultMarkIsTheServers100() {
        assertEquals(KnockCli.LOW_WATER, Cli.run("pad", "info", generate(100).toString()).status());
        assertEquals(KnockCli.OK, Cli.run("pad", "info", generate(101).toString()).status());
    }

    @Test
    void theFewestKnocksLeftOfTheSidesWithAStateCount() throws IOException {
        Path padFile = generate(20);
        Path state = dir.resolve("state");
        FilePadStateStore store = new FilePadStateStore(state);
        PadState fresh = PadState.fresh(Pad.open(padFile).id(), Side.SERVER);
        store.create(fresh);
        assertTrue(store.compareAndSet(fresh, fresh.advancedTo(5, Instant.EPOCH)));
        Cli.Result at = Cli.run("pad", "info", padFile.toString(), "--state", state.toString(), "--low-water", "15");
        assertEquals(KnockCli.LOW_WATER, at.status(), at.out());
        assertEquals("low water: 15 knocks left, at or below the mark 15 (exit status 3)", lastLine(at));
        Cli.Result above = Cli.run("pad", "info", padFile.toString(), "--state", state.toString(), "--low-water", "14");
        assertEquals(KnockCli.OK, above.status(), above.out());
    }

    @Test
    void aBundlesPadIsCountedForItsDoor() throws Exception {
        Path bundle = new ProvisionedDoor(dir.resolve("server"), 31000).provision("alice", 30);
        Cli.Result result = Cli.run("pad", "info", bundle.toString(), "--low-water", "29");
        assertEquals(KnockCli.OK, result.status(), result.err());
        assertTrue(result.out().startsWith("pad " + BundleFormat.read(bundle).pad().id()), result.out());
        assertTrue(result.out().contains("knocks:      30 sealed knocks of 3 command and 7 tag digits"), result.out());
    }

    @Test
    void aBundleTakesNoProfileOption() throws Exception {
        Path bundle = new ProvisionedDoor(dir.resolve("server"), 31000).provision("alice", 30);
        Cli.Result result = Cli.run("pad", "info", bundle.toString(), "--tag-digits", "4");
        assertEquals(KnockCli.USAGE, result.status());
        assertTrue(result.err().startsWith("--tag-digits comes from the bundle's door; give it for a pad file only"),
                result.err());
    }

    @Test
    void aNegativeMarkIsBadUsage() {
        Cli.Result result = Cli.run("pad", "info", generate(20).toString(), "--low-water", "-1");
        assertEquals(KnockCli.USAGE, result.status());
        assertTrue(result.err().startsWith("--low-water must not be negative: -1"), result.err());
    }

    @Test
    void theHelpDocumentsExitStatusThree() {
        String help = Cli.run("pad", "info", "--help").out();
        assertTrue(help.contains("3   the knocks left are at or below the low-water mark"), help);
    }
}
