package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code knock send} in a process of its own, where the log level is chosen before any logger
 * exists: by default a successful knock writes its one line and no log line; {@code -v} adds the log.
 */
class ClientLogLevelTest {
    @TempDir
    Path dir;
    private Path pad;

    @BeforeEach
    void generatePad() {
        pad = dir.resolve("door.pad");
        assertEquals(KnockCli.OK, Cli.run("pad", "generate", "--out", pad.toString(), "--knocks", "3").status());
    }

    /** Runs {@code knock send} to loopback; returns standard output and standard error. */
    private String[] send(String... extra) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(ThisBuild.knock("send", "127.0.0.1", "--pad", pad.toString(), "--state",
                // a pad of 3 knocks is below the default low-water mark; its warning is not what is tested here
                dir.resolve("state").toString(), "--command", "1,1,1", "--delay-ms", "0", "--low-water", "0"));
        command.addAll(List.of(extra));
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "knock send ended");
        String[] streams = {Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8)};
        assertEquals(0, process.exitValue(), streams[1]);
        return streams;
    }

    @Test
    void aSuccessfulKnockPrintsOneLineAndNoLog() throws Exception {
        String[] streams = send();
        assertEquals(1, streams[0].lines().count(), streams[0]);
        assertTrue(streams[0].startsWith("sent knock 0 of pad "), streams[0]);
        assertEquals("", streams[1]);
    }

    @Test
    void verboseAddsTheLogOnStandardError() throws Exception {
        String[] streams = send("-v");
        assertTrue(streams[0].startsWith("sent knock 0 of pad "), streams[0]);
        assertTrue(streams[1].contains(" issued knock 0; 2 knocks left"), streams[1]);
    }

    @Test
    void quietPrintsNothingAtAll() throws Exception {
        String[] streams = send("-q");
        assertEquals("", streams[0]);
        assertEquals("", streams[1]);
    }
}
