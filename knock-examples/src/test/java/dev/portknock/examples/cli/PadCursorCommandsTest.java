package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.pad.FilePadStateStore;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadId;
import dev.portknock.pad.PadState;
import dev.portknock.pad.Side;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's state is created explicitly (generate --state, init) and cursors move forward only (advance, cursor). */
class PadCursorCommandsTest {
    @TempDir
    Path dir;
    Path padFile;
    Path state;
    PadId id;

    @BeforeEach
    void generateAPad() throws IOException {
        padFile = dir.resolve("door.pad");
        state = dir.resolve("state");
        Cli.Result result = Cli.run("pad", "generate", "--out", padFile.toString(), "--knocks", "20");
        assertEquals(KnockCli.OK, result.status(), result.err());
        id = Pad.open(padFile).id();
    }

    private Optional<PadState> stored(Side side) throws IOException {
        return StateDirectory.stored(state, id, side);
    }

    @Test
    void generateWithStateCreatesTheServerStateAtCursorZero() throws IOException {
        Path other = dir.resolve("other.pad");
        Cli.Result result = Cli.run("pad", "generate", "--out", other.toString(), "--knocks", "5", "--state",
                state.toString());
        assertEquals(KnockCli.OK, result.status(), result.err());
        PadId otherId = Pad.open(other).id();
        assertEquals(Optional.of(PadState.fresh(otherId, Side.SERVER)),
                StateDirectory.stored(state, otherId, Side.SERVER));
        assertTrue(result.out().contains("  server state: " + state.toAbsolutePath() + " (cursor 0)"), result.out());
    }

    @Test
    void initCreatesTheServerStateOfAnExistingPad() throws IOException {
        Cli.Result result = Cli.run("pad", "init", "--pad", padFile.toString(), "--state", state.toString());
        assertEquals(KnockCli.OK, result.status(), result.err());
        assertEquals("created the server state of pad " + id + " in " + state.toAbsolutePath() + " at cursor 0"
                + System.lineSeparator(), result.out());
        assertEquals(Optional.of(PadState.fresh(id, Side.SERVER)), stored(Side.SERVER));
    }

    @Test
    void initOfADatabaseStateWithoutCredentialsNamesTheMissingVariable() {
        Cli.Result result = Cli.run("pad", "init", "--pad", padFile.toString(), "--state",
                "jdbc:postgresql://127.0.0.1:1/portknock");
        assertEquals(KnockCli.FAILED, result.status());
        assertTrue(result.err().startsWith("knock: --state: ") && result.err().contains("PORTKNOCK_DB_USER"),
                result.err());
    }

    @Test
    void aClientCursorIsNeverADatabase() {
        Cli.Result result = Cli.run("pad", "cursor", "--pad", padFile.toString(), "--state",
                "jdbc:postgresql://127.0.0.1:1/portknock");
        assertEquals(KnockCli.FAILED, result.status());
        assertEquals("knock: --state must name a directory here: a client's state is never a database"
                + System.lineSeparator(), result.err());
    }

    @Test
    void initCreatesTheStateDirectoryPrivate() throws IOException {
        Cli.run("pad", "init", "--pad", padFile.toString(), "--state", state.toString());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
    }

    @Test
    void initAtACursorStartsThere() throws IOException {
        Cli.Result result = Cli.run("pad", "init", "--pad", padFile.toString(), "--state", state.toString(),
                "--cursor", "7");
        assertEquals(KnockCli.OK, result.status(), result.err());
        assertEquals(7, stored(Side.SERVER).orElseThrow().cursor());
    }

    @Test
    void initRefusesWhenTheServerStateExistsAndLeavesIt() throws IOException {
        Cli.run("pad", "init", "--pad", padFile.toString(), "--state", state.toString(), "--cursor", "5");
        Cli.Result again = Cli.run("pad", "init", "--pad", padFile.toString(), "--state", state.toString());
        assertEquals(KnockCli.FAILED, again.status());
        assertEquals("knock: pad " + id + " already has a server state in " + state + " (cursor 5); it is left as it "
                + "was: knock pad advance moves it forward" + System.lineSeparator(), again.err());
        assertEquals(5, stored(Side.SERVER).orElseThrow().cursor());
    }

    @Test
    void initRefusesANegativeCursor() {
        Cli.Result result = Cli.run("pad", "init", "--pad", padFile.toString(), "--state", state.toString(),
                "--cursor", "-1");
        assertEquals(KnockCli.USAGE, result.status());
        assertFalse(Files.exists(state));
    }

    @Test
    void advanceByMovesTheServerCursorForward() throws IOException {
        Cli.run("pad", "init", "--pad", padFile.toString(), "--state", state.toString(), "--cursor", "3");
        Cli.Result result = Cli.run("pad", "advance", "--pad", padFile.toString(), "--state", state.toString(),
                "--by", "10");
        assertEquals(KnockCli.OK, result.status(), result.err());
        assertEquals("moved the server cursor of pad " + id + " from 3 to 13" + System.lineSeparator(), result.out());
        assertEquals(13, stored(Side.SERVER).orElseThrow().cursor());
    }

    @Test
    void advanceRefusesToMoveACursorBackNamingBothValues() throws IOException {
        Cli.run("pad", "init", "--pad", padFile.toString(), "--state", state.toString(), "--cursor", "9");
        Cli.Result result = Cli.run("pad", "advance", "--pad", padFile.toString(), "--state", state.toString(),
                "--to", "4");
        assertEquals(KnockCli.FAILED, result.status());
        assertEquals("knock: refusing to move the server cursor of pad " + id + " back from 9 to 4: a cursor only "
                + "moves forward" + System.lineSeparator(), result.err());
        assertEquals(9, stored(Side.SERVER).orElseThrow().cursor());
    }

    @Test
    void advanceAfterALostStateCreatesItPastTheKnocksThatMayHaveBeenUsed() throws IOException {
        Cli.Result result = Cli.run("pad", "advance", "--pad", padFile.toString(), "--state", state.toString(),
                "--to", "12");
        assertEquals(KnockCli.OK, result.status(), result.err());
        assertEquals("created the server state of pad " + id + " at cursor 12 (there was none)"
                + System.lineSeparator(), result.out());
        assertEquals(12, stored(Side.SERVER).orElseThrow().cursor());
    }

    @Test
    void advanceMovesTheClientCursorWhenAsked() throws IOException {
        Cli.Result result = Cli.run("pad", "advance", "--pad", padFile.toString(), "--state", state.toString(),
                "--by", "2", "--side", "client");
        assertEquals(KnockCli.OK, result.status(), result.err());
        assertEquals(2, stored(Side.CLIENT).orElseThrow().cursor());
        assertEquals(Optional.empty(), stored(Side.SERVER));
    }

    @Test
    void advanceNeedsByOrTo() {
        assertEquals(KnockCli.USAGE, Cli.run("pad", "advance", "--pad", padFile.toString(), "--state",
                state.toString()).status());
        assertEquals(KnockCli.USAGE, Cli.run("pad", "advance", "--pad", padFile.toString(), "--state",
                state.toString(), "--by", "1", "--to", "3").status());
    }

    @Test
    void advanceRefusesAStepBelowOne() {
        assertEquals(KnockCli.USAGE, Cli.run("pad", "advance", "--pad", padFile.toString(), "--state",
                state.toString(), "--by", "0").status());
    }

    @Test
    void advanceRefusesAnUnknownSide() {
        Cli.Result result = Cli.run("pad", "advance", "--pad", padFile.toString(), "--state", state.toString(),
                "--by", "1", "--side", "both");
        assertEquals(KnockCli.USAGE, result.status());
        assertTrue(result.err().contains("--side must be server or client: both"), result.err());
    }

    @Test
    void cursorShowsAFreshClientPad() {
        Cli.Result result = Cli.run("pad", "cursor", "--pad", padFile.toString(), "--state", state.toString());
        assertEquals(KnockCli.OK, result.status(), result.err());
        assertEquals("client cursor of pad " + id + ": 0 (no client state yet: a fresh pad)" + System.lineSeparator(),
                result.out());
        assertFalse(Files.exists(state));
    }

    @Test
    void cursorShowsTheStoredClientCursor() throws IOException {
        PadState fresh = PadState.fresh(id, Side.CLIENT);
        new FilePadStateStore(state).compareAndSet(fresh, fresh.advancedTo(4, java.time.Instant.EPOCH));
        Cli.Result result = Cli.run("pad", "cursor", "--pad", padFile.toString(), "--state", state.toString());
        assertEquals("client cursor of pad " + id + ": 4" + System.lineSeparator(), result.out());
    }

    @Test
    void cursorToMovesTheClientCursorForward() throws IOException {
        Cli.run("pad", "cursor", "--pad", padFile.toString(), "--state", state.toString(), "--to", "3");
        Cli.Result result = Cli.run("pad", "cursor", "--pad", padFile.toString(), "--state", state.toString(),
                "--to", "6");
        assertEquals(KnockCli.OK, result.status(), result.err());
        assertEquals("moved the client cursor of pad " + id + " from 3 to 6" + System.lineSeparator(), result.out());
    }

    @Test
    void cursorToRefusesToMoveBack() throws IOException {
        Cli.run("pad", "cursor", "--pad", padFile.toString(), "--state", state.toString(), "--to", "6");
        Cli.Result result = Cli.run("pad", "cursor", "--pad", padFile.toString(), "--state", state.toString(),
                "--to", "2");
        assertEquals(KnockCli.FAILED, result.status());
        assertEquals("knock: refusing to move the client cursor of pad " + id + " back from 6 to 2: a cursor only "
                + "moves forward" + System.lineSeparator(), result.err());
        assertEquals(6, stored(Side.CLIENT).orElseThrow().cursor());
    }
}
