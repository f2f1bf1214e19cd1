package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The statuses systemd shows; a finished reload's begins "reload N applied" or "reload N refused",
 * which knock-deb's ExecReload helper (usr/lib/portknock/systemd-reload) waits for.
 */
class ServerStatusTest {
    private static final Path CONFIG = Path.of("/etc/portknock/doors.conf");

    @Test
    void servingCountsTheDoorsAndNamesTheFile() {
        assertEquals("serving 2 door(s) from /etc/portknock/doors.conf", ServerStatus.serving(2, CONFIG));
    }

    @Test
    void reloadingNamesTheFileAndTheReload() {
        assertEquals("reloading /etc/portknock/doors.conf (reload 3)", ServerStatus.reloading(3, CONFIG));
    }

    @Test
    void aReloadInForceBeginsWithItsNumberAndApplied() {
        assertEquals("reload 3 applied: serving 1 door(s) from /etc/portknock/doors.conf",
                ServerStatus.reloaded(3, 1, CONFIG));
    }

    @Test
    void aRefusedReloadBeginsWithItsNumberAndRefusedAndSaysWhy() {
        assertEquals("reload 4 refused, still serving 1 door(s) from /etc/portknock/doors.conf: "
                + "/etc/portknock/doors.conf:9: unknown key", ServerStatus.refused(4, 1, CONFIG,
                "/etc/portknock/doors.conf:9: unknown key"));
    }

    @Test
    void stoppingSaysWhatTheServerCloses() {
        assertEquals("stopping: closing the capture and the services the server opened", ServerStatus.stopping());
    }
}
