package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class KnockCliTest {
    private static final Set<String> EVERY_COMMAND = Set.of("pad", "send", "connect", "server", "holes", "demo",
            "version");

    private static Set<String> subcommandsBuiltFor(String... args) {
        PrintWriter discard = new PrintWriter(new StringWriter());
        return KnockCli.commandLine(discard, discard, CommandLine.defaultFactory(), args).getSubcommands().keySet();
    }

    @Test
    void aCommandLineNamingASubcommandBuildsOnlyThatOne() {
        assertEquals(Set.of("send"), subcommandsBuiltFor("send", "127.0.0.1", "--dry-run"));
    }

    @Test
    void aCommandLineNamingNoSubcommandBuildsThemAll() {
        for (List<String> args : List.of(List.<String>of(), List.of("--help"), List.of("sned"), List.of("@args"))) {
            assertEquals(EVERY_COMMAND, subcommandsBuiltFor(args.toArray(String[]::new)), args.toString());
        }
    }

    @Test
    void aMistypedCommandIsAnsweredFromTheWholeCommandLine() {
        Cli.Result result = Cli.run("sned");
        assertEquals(KnockCli.USAGE, result.status());
        assertTrue(result.err().contains("Did you mean: knock connect?"), result.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "pad", "pad generate", "pad info", "pad export-knockd", "send", "connect", "server", "demo",
        "version"})
    void everyCommandHasHelp(String command) {
        String[] args = (command.isEmpty() ? "--help" : command + " --help").split(" ");
        Cli.Result result = Cli.run(args);
        assertEquals(KnockCli.OK, result.status(), result.err());
        assertTrue(result.out().startsWith("Usage: knock"), result.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "pad", "pad generate", "pad info", "pad export-knockd", "send", "server", "demo"})
    void helpCitesTheProtocolByItsPathInTheRepository(String command) {
        String help = Cli.run((command.isEmpty() ? "--help" : command + " --help").split(" ")).out();
        Matcher cited = Pattern.compile("\\S*PROTOCOL\\.md").matcher(help);
        while (cited.find()) {
            assertEquals("docs/PROTOCOL.md", cited.group(), help);
        }
        // surefire runs in the module's directory, one below the repository's root
        assertTrue(Files.isRegularFile(Path.of("..", "docs", "PROTOCOL.md")));
    }

    @Test
    void noCommandIsBadUsage() {
        Cli.Result result = Cli.run();
        assertEquals(KnockCli.USAGE, result.status());
        assertTrue(result.err().contains("missing command: pad, send, connect, server, holes, demo or version"),
                result.err());
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

    @Test
    void versionAndTheVersionOptionPrintTheSameLine() {
        Cli.Result command = Cli.run("version");
        Cli.Result option = Cli.run("--version");
        assertEquals(KnockCli.OK, command.status(), command.err());
        assertEquals(KnockCli.OK, option.status(), option.err());
        assertEquals(ManifestVersion.line() + System.lineSeparator(), command.out());
        assertEquals(command.out(), option.out());
    }

    @Test
    void theVersionIsTheImplementationVersionOfTheJarsManifest() {
        // picocli's jar carries one; the command line reads its own jar's the same way
        assertEquals(java.util.Optional.of(picocli.CommandLine.VERSION), ManifestVersion.of(picocli.CommandLine.class));
    }
}
