package dev.portknock.examples.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.event.Level;

class CliLoggerTest {
    private static final Clock MAY_FIRST = Clock.fixed(Instant.parse("2024-05-01T12:34:56.789Z"), ZoneOffset.UTC);
    private static final String DATE = "2024-05-01T12:34:56.789Z";

    private final ByteArrayOutputStream standardError = new ByteArrayOutputStream();
    private final PrintStream stream = new PrintStream(standardError, true, StandardCharsets.UTF_8);
    private final LogLevels levels = LogLevels.fromProperties(new Properties(), problem -> {
        throw new AssertionError(problem);
    });
    private final CliLoggerFactory factory = new CliLoggerFactory(levels, new LogOutput(ZoneOffset.UTC, () -> stream),
            MAY_FIRST);
    private final Logger log = factory.getLogger("dev.portknock.pad.DoorVerifier");

    private String standardError() {
        return standardError.toString(StandardCharsets.UTF_8);
    }

    @Test
    void placeholdersAreFilledWithTheArguments() {
        log.info("door {}: knock from {} accepted, {} knocks left", "ssh", "192.0.2.7", 15);
        assertEquals(DATE + " INFO DoorVerifier - door ssh: knock from 192.0.2.7 accepted, 15 knocks left\n",
                standardError());
    }

    @Test
    void aThrowableAfterTheArgumentsIsTheRecordsException() {
        log.warn("cannot save failures of pad {}", "e227", new java.io.IOException("disk full"));
        String[] lines = standardError().split("\n");
        assertEquals(DATE + " WARN DoorVerifier - cannot save failures of pad e227", lines[0]);
        assertEquals("java.io.IOException: disk full", lines[1]);
    }

    @Test
    void aRecordBelowTheLoggersLevelIsNotWritten() {
        log.debug("not at info");
        assertFalse(log.isDebugEnabled());
        assertEquals("", standardError());
    }

    @Test
    void aLoggerFollowsTheDefaultLevelSetAfterItWasMade() {
        levels.setDefaultLevel(Level.DEBUG);
        log.debug("now at debug");
        assertTrue(log.isDebugEnabled());
        assertEquals(DATE + " DEBUG DoorVerifier - now at debug\n", standardError());
    }

    @Test
    void oneNameIsOneLogger() {
        assertSame(factory.getLogger("a.B"), factory.getLogger("a.B"));
    }
}
