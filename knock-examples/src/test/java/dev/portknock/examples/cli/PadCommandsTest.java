package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.pad.FilePadStateStore;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadState;
import dev.portknock.pad.Side;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PadCommandsTest {
    @TempDir
    Path dir;

    private Path generate(String... size) {
        Path pad = dir.resolve("door.pad");
        String[] args = new String[4 + size.length];
        args[0] = "pad";
        args[1] = "generate";
        args[2] = "--out";
        args[3] = pad.toString();
        System.arraycopy(size, 0, args, 4, size.length);
        Cli.Result result = Cli.run(args);
        assertEquals(KnockCli.OK, result.status(), result.err());
        return pad;
    }

    @Test
    void generatePrintsIdSizeAndTheFilesSha256() throws Exception {
        Path padFile = dir.resolve("door.pad");
        Cli.Result result = Cli.run("pad", "generate", "--out", padFile.toString(), "--digits", "1000", "--bits", "10");
        assertEquals(KnockCli.OK, result.status(), result.err());
        Pad pad = Pad.open(padFile);
        assertEquals(10, pad.digitBits());
        assertEquals(1000, pad.digitCount());
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(padFile)));
        assertTrue(result.out().startsWith("created pad " + pad.id()), result.out());
        assertTrue(result.out().contains("size:        " + Files.size(padFile) + " bytes"), result.out());
        assertTrue(result.out().contains("fingerprint: " + sha + " (SHA-256 of the pad file"), result.out());
    }

    @Test
    void generateSizesThePadForSealedKnocks() throws IOException {
        Path padFile = generate("--knocks", "10", "--command-digits", "2", "--tag-digits", "5");
        assertEquals(10 * (2 + 2 * 5), Pad.open(padFile).digitCount());
    }

    @Test
    void generateRefusesToOverwriteAnExistingFile() throws IOException {
        Path padFile = dir.resolve("door.pad");
        Files.writeString(padFile, "precious");
        Cli.Result result = Cli.run("pad", "generate", "--out", padFile.toString(), "--digits", "100");
        assertEquals(KnockCli.FAILED, result.status());
        assertEquals("knock: file exists, refusing to overwrite it: " + padFile + System.lineSeparator(), result.err());
        assertEquals("precious", Files.readString(padFile));
    }

    @Test
    void generateAsksForForceAboveOneGibibyte() {
        Path padFile = dir.resolve("door.pad");
        Cli.Result result = Cli.run("pad", "generate", "--out", padFile.toString(), "--digits", "1073741824", "--bits", "8");
        assertEquals(KnockCli.USAGE, result.status());
        assertTrue(result.err().startsWith("the pad file would be 1073741892 bytes, more than 1 GiB: check --digits, "
                + "--knocks and --bits, and add --force to write it" + System.lineSeparator()), result.err());
        assertFalse(Files.exists(padFile));
    }

    @Test
    void generateRefusesASizeTheDiskCannotHold() throws IOException {
        Path padFile = dir.resolve("door.pad");
        // 1 EB: more than any disk of this machine
        Cli.Result result = Cli.run("pad", "generate", "--out", padFile.toString(), "--digits", "2000000000000000000",
                "--bits", "4", "--force");
        assertEquals(KnockCli.FAILED, result.status());
        String usable = result.err().replaceAll("(?s).* has (\\d+) bytes usable.*", "$1");
        assertEquals("knock: not enough space for " + padFile + ": the pad file needs 1000000000000000068 bytes, "
                + dir + " has " + usable + " bytes usable" + System.lineSeparator(), result.err());
        long measured = Files.getFileStore(dir).getUsableSpace();
        assertTrue(Math.abs(measured - Long.parseLong(usable)) < 1L << 30, usable + " against " + measured);
        assertFalse(Files.exists(padFile));
    }

    @Test
    void generateRefusesKnockDigitsBesideAPlainDigitCountSayingWhy() {
        Cli.Result result = Cli.run("pad", "generate", "--out", dir.resolve("door.pad").toString(), "--digits", "10",
                "--command-digits", "2");

        assertEquals(KnockCli.USAGE, result.status());
        assertTrue(result.err().contains("--command-digits and --tag-digits size --knocks; --digits gives the size "
                + "itself"), result.err());
    }

    @Test
    void generateTakesEitherDigitsOrKnocks() {
        Path padFile = dir.resolve("door.pad");
        assertEquals(KnockCli.USAGE,
                Cli.run("pad", "generate", "--out", padFile.toString(), "--digits", "10", "--knocks", "1").status());
        assertEquals(KnockCli.USAGE, Cli.run("pad", "generate", "--out", padFile.toString()).status());
        assertEquals(KnockCli.USAGE,
                Cli.run("pad", "generate", "--out", padFile.toString(), "--digits", "10", "--tag-digits", "3").status());
        assertFalse(Files.exists(padFile));
    }

    @Test
    void generateRefusesBadSizes() {
        Path padFile = dir.resolve("door.pad");
        Cli.Result bits = Cli.run("pad", "generate", "--out", padFile.toString(), "--digits", "10", "--bits", "16");
        assertEquals(KnockCli.USAGE, bits.status());
        assertTrue(bits.err().contains("--bits must be in 4..15: 16"), bits.err());
        assertEquals(KnockCli.USAGE, Cli.run("pad", "generate", "--out", padFile.toString(), "--digits", "0").status());
        assertEquals(KnockCli.USAGE, Cli.run("pad", "generate", "--out", padFile.toString(), "--knocks", "-1").status());
        assertEquals(KnockCli.USAGE, Cli.run("pad", "generate", "--out", padFile.toString(), "--out", "x",
                "--digits", "10").status());
        assertFalse(Files.exists(padFile));
    }

    @Test
    void infoShowsIdBitsDigitsAndKnocks() throws IOException {
        Path padFile = generate("--knocks", "20");
        Cli.Result result = Cli.run("pad", "info", padFile.toString(), "--low-water", "10");
        assertEquals(KnockCli.OK, result.status(), result.err());
        assertTrue(result.out().startsWith("pad " + Pad.open(padFile).id()), result.out());
        assertTrue(result.out().contains("digits:      340"), result.out());
        assertTrue(result.out().contains("knocks:      20 sealed knocks of 3 command and 7 tag digits"), result.out());
        assertFalse(result.out().contains("state in"), result.out());
    }

    @Test
    void infoCountsKnocksForTheGivenScheme() {
        Path padFile = generate("--knocks", "20");
        Cli.Result result = Cli.run("pad", "info", padFile.toString(), "--scheme", "raw", "--command-digits", "0");
        assertTrue(result.out().contains("knocks:      48 raw knocks of 0 command and 7 tag digits"), result.out());
    }

    @Test
    void infoShowsTheClientCursorAfterASend() throws IOException {
        Path padFile = generate("--knocks", "20");
        Path state = dir.resolve("state");
        Cli.Result sent = Cli.run("send", "127.0.0.1", "--pad", padFile.toString(), "--state", state.toString(),
                "--base", "40000", "--command", "22,60,1", "--delay-ms", "0");
        assertEquals(KnockCli.OK, sent.status(), sent.err());
        Cli.Result info = Cli.run("pad", "info", padFile.toString(), "--state", state.toString(), "--low-water", "10");
        assertEquals(KnockCli.OK, info.status(), info.err());
        assertTrue(info.out().contains("client: cursor 1, knocks left 19, failures 0, last use "), info.out());
        assertTrue(info.out().contains("server: no state yet: cursor 0, knocks left 20, failures 0"), info.out());
    }

    @Test
    void infoShowsServerFailures() throws IOException {
        Path padFile = generate("--knocks", "20");
        Path state = dir.resolve("state");
        FilePadStateStore store = new FilePadStateStore(state);
        store.create(PadState.fresh(Pad.open(padFile).id(), Side.SERVER));
        store.recordFailures(Pad.open(padFile).id(), Side.SERVER, 1, Instant.EPOCH);
        Cli.Result info = Cli.run("pad", "info", padFile.toString(), "--state", state.toString());
        assertTrue(info.out().contains("server: cursor 0, knocks left 20, failures 1, last use 1970-01-01T00:00:00Z"),
                info.out());
    }

    @Test
    void infoOnAGarbageFileNamesTheFileAndTheProblem() throws IOException {
        Path garbage = dir.resolve("garbage.pad");
        Files.write(garbage, new byte[100]);
        Files.setPosixFilePermissions(garbage, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Cli.Result result = Cli.run("pad", "info", garbage.toString());
        assertEquals(KnockCli.FAILED, result.status());
        assertEquals("knock: " + garbage + ": bad magic: not a pad file" + System.lineSeparator(), result.err());
    }

    @Test
    void infoRefusesAStateThatIsAFile() throws IOException {
        Path padFile = generate("--digits", "100");
        Path notADirectory = Files.writeString(dir.resolve("state"), "x");
        Cli.Result result = Cli.run("pad", "info", padFile.toString(), "--state", notADirectory.toString());
        assertEquals(KnockCli.FAILED, result.status());
        assertEquals("knock: --state must name a directory, not a file: " + notADirectory + System.lineSeparator(),
                result.err());
    }

    @Test
    void infoNeedsThePad() {
        assertEquals(KnockCli.USAGE, Cli.run("pad", "info").status());
    }

    @Test
    void exportWritesOneLinePerUnusedRawKnockFromTheServerCursor() throws IOException {
        Path padFile = generate("--digits", "12", "--bits", "8");
        Pad pad = Pad.open(padFile);
        Path state = dir.resolve("state");
        FilePadStateStore store = new FilePadStateStore(state);
        PadState fresh = PadState.fresh(pad.id(), Side.SERVER);
        assertTrue(store.compareAndSet(fresh, fresh.advancedTo(1, Instant.EPOCH)));
        Path out = dir.resolve("sequences");
        Cli.Result result = Cli.run("pad", "export-knockd", "--pad", padFile.toString(), "--state", state.toString(),
                "--base", "7000", "--length", "4", "--udp", "--out", out.toString());
        assertEquals(KnockCli.OK, result.status(), result.err());
        assertTrue(result.out().startsWith("wrote 2 knockd one-time sequences of pad " + pad.id() + " from knock 1"),
                result.out());
        List<String> lines = Files.readAllLines(out);
        assertEquals(2, lines.size());
        for (int knock = 1; knock <= 2; knock++) {
            int[] block = pad.block(knock, 4);
            StringBuilder expected = new StringBuilder(" ");
            for (int i = 0; i < 4; i++) {
                expected.append(i == 0 ? "" : ",").append(7000 + block[i]).append(":udp");
            }
            assertEquals(expected.toString(), lines.get(knock - 1));
        }
    }

    @Test
    void exportForTcpDoorsWritesBarePorts() throws IOException {
        Path padFile = generate("--digits", "3", "--bits", "12", "--state", dir.resolve("state").toString());
        Pad pad = Pad.open(padFile);
        Path out = dir.resolve("sequences");
        Cli.Result result = Cli.run("pad", "export-knockd", "--pad", padFile.toString(), "--state",
                dir.resolve("state").toString(), "--base", "20000", "--length", "3", "--out", out.toString());
        assertEquals(KnockCli.OK, result.status(), result.err());
        int[] block = pad.block(0, 3);
        assertEquals(List.of(" " + (20000 + block[0]) + "," + (20000 + block[1]) + "," + (20000 + block[2])),
                Files.readAllLines(out));
    }

    @Test
    void exportRefusesAPadWithoutServerStateRatherThanStartingAtKnockZero() throws IOException {
        Path padFile = generate("--digits", "3", "--bits", "12");
        Path state = dir.resolve("lost");
        Path out = dir.resolve("sequences");
        Cli.Result result = Cli.run("pad", "export-knockd", "--pad", padFile.toString(), "--state", state.toString(),
                "--base", "20000", "--length", "3", "--out", out.toString());
        assertEquals(KnockCli.FAILED, result.status());
        assertEquals("knock: " + StateDirectory.missingServerState(Pad.open(padFile).id(), padFile, state)
                + System.lineSeparator(), result.err());
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(state));
    }

    @Test
    void exportRefusesARangePast65535() {
        Path padFile = generate("--digits", "100", "--bits", "12");
        Cli.Result result = Cli.run("pad", "export-knockd", "--pad", padFile.toString(), "--state",
                dir.resolve("s").toString(), "--base", "65000", "--length", "4", "--out", dir.resolve("o").toString());
        assertEquals(KnockCli.USAGE, result.status());
        assertTrue(result.err().contains("port range 65000..69095 passes 65535"), result.err());
        assertFalse(Files.exists(dir.resolve("o")));
    }

    @Test
    void exportRefusesGuessableSequencesUnlessAccepted() {
        Path padFile = generate("--digits", "100", "--bits", "12", "--state", dir.resolve("s").toString());
        String[] args = {"pad", "export-knockd", "--pad", padFile.toString(), "--state", dir.resolve("s").toString(),
            "--base", "20000", "--length", "2", "--out", dir.resolve("o").toString()};
        assertEquals(KnockCli.USAGE, Cli.run(args).status());
        String[] accepted = java.util.Arrays.copyOf(args, args.length + 1);
        accepted[args.length] = "--accept-weakness";
        assertEquals(KnockCli.OK, Cli.run(accepted).status());
    }
}
