package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portknock.examples.config.Options;
import dev.portknock.examples.logging.LogOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pid and log files are never written through a symbolic link someone planted. */
class ServerProcessFilesTest {
    @TempDir
    Path dir;

    private static Options logFile(Path file) {
        return Options.none().withFiles(Optional.of(file), Optional.empty());
    }

    private static Options pidFile(Path file) {
        return Options.none().withFiles(Optional.empty(), Optional.of(file));
    }

    @Test
    void aSymbolicLinkPlantedAsTheLogFileIsRefusedAndItsTargetLeftAlone() throws IOException {
        Path victim = Files.writeString(dir.resolve("victim"), "precious");
        Path log = Files.createSymbolicLink(dir.resolve("knock.log"), victim);
        IOException e = assertThrows(IOException.class,
                () -> ServerProcessFiles.open(logFile(log), LogOutput.process()));
        assertEquals("cannot open LogFile " + log + ": it is a symbolic link; refusing to follow it", e.getMessage());
        assertEquals("precious", Files.readString(victim));
    }

    @Test
    void aSymbolicLinkPlantedAsThePidFileIsRefusedAndItsTargetLeftAlone() throws IOException {
        Path victim = Files.writeString(dir.resolve("victim"), "precious");
        Path pid = Files.createSymbolicLink(dir.resolve("knock.pid"), victim);
        IOException e = assertThrows(IOException.class,
                () -> ServerProcessFiles.open(pidFile(pid), LogOutput.process()));
        assertEquals("cannot write PidFile " + pid + ": it is a symbolic link; refusing to follow it", e.getMessage());
        assertEquals("precious", Files.readString(victim));
    }

    @Test
    void aSymbolicLinkPlantedBesideThePidFileIsNotFollowed() throws IOException {
        Path victim = dir.resolve("victim");
        Files.createSymbolicLink(dir.resolve("knock.pid.tmp"), victim);
        Path pid = dir.resolve("knock.pid");
        ServerProcessFiles.open(pidFile(pid), LogOutput.process()).close();
        assertFalse(Files.exists(victim));
    }

    @Test
    void thePidFileHoldsTheProcessIdWhileOpen() throws IOException {
        Path pid = dir.resolve("knock.pid");
        ServerProcessFiles files = ServerProcessFiles.open(pidFile(pid), LogOutput.process());
        assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(pid));
        files.close();
        assertFalse(Files.exists(pid));
    }
}
