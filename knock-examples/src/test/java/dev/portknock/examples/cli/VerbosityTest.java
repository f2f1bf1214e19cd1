package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The log level a command line runs with, chosen before any logger exists. */
class VerbosityTest {
    @Test
    void aClientCommandLogsOnlyWarningsByDefault() {
        assertEquals(Optional.of("warn"), Verbosity.logLevel(new String[] {"send", "gw"}));
        assertEquals(Optional.of("warn"), Verbosity.logLevel(new String[] {"connect", "gw", "22"}));
    }

    @Test
    void quietLogsOnlyErrors() {
        assertEquals(Optional.of("error"), Verbosity.logLevel(new String[] {"send", "gw", "-q"}));
        assertEquals(Optional.of("error"), Verbosity.logLevel(new String[] {"connect", "--quiet", "gw", "22"}));
    }

    @Test
    void verboseLogsEverything() {
        assertEquals(Optional.of("debug"), Verbosity.logLevel(new String[] {"send", "-v", "gw"}));
        assertEquals(Optional.of("debug"), Verbosity.logLevel(new String[] {"connect", "gw", "22", "--verbose"}));
    }

    @Test
    void argumentsAfterTheEndOfOptionsAreNotFlags() {
        assertEquals(Optional.of("warn"), Verbosity.logLevel(new String[] {"send", "--", "-v"}));
    }

    @Test
    void otherCommandsKeepTheConfiguredLevel() {
        assertEquals(Optional.empty(), Verbosity.logLevel(new String[] {"server", "--config", "x", "-v"}));
        assertEquals(Optional.empty(), Verbosity.logLevel(new String[] {}));
    }
}
