package dev.portknock.examples.config;

import static dev.portknock.examples.config.Configs.error;
import static dev.portknock.examples.config.Configs.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Truncated, oversized and garbage input. */
class ConfigInputTest {
    private static final String DOOR = "[ssh]\nsequence = 7000,8000\ncommand = open %IP%\n";

    @TempDir
    Path dir;

    private String fileError(byte[] content) throws IOException {
        Path file = dir.resolve("knockd.conf");
        Files.write(file, content);
        ConfigException e = assertThrows(ConfigException.class, () -> ServerConfigParser.parse(file));
        return e.getMessage().replace(file.toString(), "knockd.conf");
    }

    @Test
    void emptyTextIsRefused() {
        assertEquals("knockd.conf:1: configuration is empty: no [options] or [door] section", error(""));
    }

    @Test
    void emptyFileIsRefused() throws IOException {
        assertEquals("knockd.conf:1: configuration is empty: no [options] or [door] section",
                fileError(new byte[0]));
    }

    @Test
    void commentsAloneAreAnEmptyConfiguration() {
        assertEquals("knockd.conf:3: configuration is empty: no [options] or [door] section",
                error("# nothing\n\n   # here\n"));
    }

    @Test
    void optionsWithoutDoorsAreRefused() {
        assertEquals("knockd.conf:2: configuration has no door section", error("[options]\nUseSyslog\n"));
    }

    @Test
    void headerWithoutClosingBracketIsTruncated() {
        assertEquals("knockd.conf:2: section header '[openSSH' is missing ']'", error("# a\n[openSSH\n"));
    }

    @Test
    void fileCutAfterAHeaderLeavesADoorWithoutSequence() {
        assertEquals("knockd.conf:1: door [openSSH] needs 'sequence', 'one_time_sequences' or 'pad'",
                error("[openSSH]"));
    }

    @Test
    void fileCutInsideAKeyLeavesAnUnknownKey() {
        assertEquals("knockd.conf:3: unknown key 'seq_tim' in [ssh]", error("[ssh]\nsequence = 1,2\nseq_tim"));
    }

    @Test
    void fileLargerThanOneMebibyteIsRefusedAtTheLineWhereItPassesTheLimit() throws IOException {
        byte[] content = new byte[ConfigText.MAX_SIZE + 1];
        java.util.Arrays.fill(content, (byte) '#');
        for (int i = 1000; i < content.length; i += 1000) {
            content[i] = '\n';
        }
        assertEquals("knockd.conf:1049: configuration is larger than 1048576 bytes", fileError(content));
    }

    @Test
    void textLargerThanOneMebibyteIsRefused() {
        String text = "#".repeat(ConfigText.MAX_SIZE + 1);
        assertEquals("knockd.conf:1: configuration is larger than 1048576 characters", error(text));
    }

    @Test
    void lineLongerThanTheLimitIsRefused() {
        String text = DOOR + "stop_command = " + "x".repeat(ConfigText.MAX_LINE) + "\n";
        assertEquals("knockd.conf:4: line is longer than 4096 characters", error(text));
    }

    @Test
    void lineOfExactlyTheLimitIsAccepted() throws ConfigException {
        String command = "x".repeat(ConfigText.MAX_LINE - "stop_command = ".length());
        ServerConfig config = parse(DOOR + "stop_command = " + command + "\n");
        assertEquals(java.util.Optional.of(command), config.doors().get(0).commands().stop());
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedAsBinary() throws IOException {
        byte[] content = (DOOR + "stop_command = close \u0000").getBytes(StandardCharsets.UTF_8);
        content[content.length - 1] = (byte) 0xC3;
        assertEquals("knockd.conf:4: line is not utf-8 text (binary data?)", fileError(content));
    }

    @Test
    void controlCharactersAreRefusedAsBinary() throws IOException {
        byte[] content = (DOOR + "\u0001\u0002garbage").getBytes(StandardCharsets.UTF_8);
        assertEquals("knockd.conf:4: line contains control character U+0001 (binary data?)", fileError(content));
    }

    @Test
    void nulBytesAreRefusedAsBinary() {
        assertEquals("knockd.conf:1: line contains control character U+0000 (binary data?)", error("[ssh\u0000]"));
    }

    @Test
    void unpairedSurrogateInTextIsRefused() {
        assertEquals("knockd.conf:2: line contains an unpaired surrogate character",
                error("[ssh]\ncommand = open \uD800\n"));
    }

    @Test
    void windowsLineEndsAndAByteOrderMarkAreAccepted() throws IOException, ConfigException {
        Path file = dir.resolve("crlf.conf");
        Files.write(file, ("\uFEFF" + DOOR.replace("\n", "\r\n")).getBytes(StandardCharsets.UTF_8));
        assertEquals("ssh", ServerConfigParser.parse(file).doors().get(0).name());
    }

    @Test
    void missingFileIsAnIoError() {
        assertThrows(NoSuchFileException.class, () -> ServerConfigParser.parse(dir.resolve("absent.conf")));
    }

    @Test
    void errorsCarryTheirLocationAndProblem() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("[ssh]\nsequense = 1\n"));
        assertEquals(new Location("knockd.conf", 2), e.location());
        assertEquals("unknown key 'sequense' in [ssh]", e.problem());
    }
}
