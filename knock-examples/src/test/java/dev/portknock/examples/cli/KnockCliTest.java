package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class KnockCliTest {
    @ParameterizedTest
    @ValueSource(strings = {"", "pad", "pad generate", "pad info", "pad export-knockd", "send", "server", "demo"})
    void everyCommandHasHelp(String command) {
        String[] args = (command.isEmpty() ? "--help" : command + " --help").split(" ");
        Cli.Result result = Cli.run(args);
        assertEquals(KnockCli.OK, result.status(), result.err());
        assertTrue(result.out().startsWith("Usage: knock"), result.out());
    }

    @Test
    void noCommandIsBadUsage() {
        Cli.Result result = Cli.run();
        assertEquals(KnockCli.USAGE, result.status());
        assertTrue(result.err().contains("missing command: pad, send, server, holes or demo"), result.err());
    }

    @Test
    void padWithoutSubcommandIsBadUsage() {
        assertEquals(KnockCli.USAGE, Cli.run("pad").status());
    }

    @Test
    void unknownCommandIsBadUsage() {
        Cli.Result result = Cli.run("unlock");
        assertEquals(KnockCli.USAGE, result.status());
        assertTrue(result.err().contains("unlock"), result.err());
    }

    @Test
    void unknownOptionIsBadUsage() {
        assertEquals(KnockCli.USAGE, Cli.run("demo", "--fast").status());
    }

    @Test
    void failuresPrintOneLineWithoutStackTrace() {
        Cli.Result result = Cli.run("pad", "info", "/nonexistent/portknock-test.pad");
        assertEquals(KnockCli.FAILED, result.status());
        assertEquals("knock: no such file: /nonexistent/portknock-test.pad" + System.lineSeparator(), result.err());
        assertFalse(result.err().contains("\tat "), result.err());
    }
}
