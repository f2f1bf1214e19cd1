package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackendOptionsTest {
    @Test
    void optionsFollowTheDoorsOwnSettings() {
        Map<String, String> merged = BackendOptions.merge(Map.of("buffer_size", "4096"), Map.of("snaplen", "96"),
                "capture_option.");

        assertEquals(List.of("buffer_size", "snaplen"), List.copyOf(merged.keySet()));
        assertEquals("96", merged.get("snaplen"));
    }

    @Test
    void anOptionMayNotSetAgainWhatTheDoorSets() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> BackendOptions.merge(
                Map.of("start_command", "/bin/true"), Map.of("start_command", "/bin/false"), "launcher_option."));

        assertEquals("launcher_option.start_command sets start_command, which the door's other keys set already",
                error.getMessage());
    }
}
