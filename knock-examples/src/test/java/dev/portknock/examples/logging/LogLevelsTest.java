package dev.portknock.examples.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class LogLevelsTest {
    private static final String SERVER = "dev.portknock.runtime.KnockServer";

    private final List<String> problems = new ArrayList<>();

    private LogLevels levels(String... keysAndValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return LogLevels.fromProperties(properties, problems::add);
    }

    @Test
    void everyLoggerWritesInfoAndAboveByDefault() {
        LogLevels levels = levels();
        assertTrue(levels.enabled(SERVER, Level.INFO));
        assertTrue(levels.enabled(SERVER, Level.ERROR));
        assertFalse(levels.enabled(SERVER, Level.DEBUG));
    }

    @Test
    void theDefaultPropertySetsEveryLogger() {
        LogLevels levels = levels("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        assertFalse(levels.enabled(SERVER, Level.INFO));
        assertTrue(levels.enabled("dev.portknock.pad.DoorVerifier", Level.WARN));
    }

    @Test
    void aLoggerPropertySetsThatLoggerAndThoseBelowIt() {
        LogLevels levels = levels("org.slf4j.simpleLogger.log.dev.portknock.runtime", "debug");
        assertTrue(levels.enabled(SERVER, Level.DEBUG));
        assertTrue(levels.enabled("dev.portknock.runtime", Level.DEBUG));
        assertFalse(levels.enabled("dev.portknock.runtimes.Other", Level.DEBUG));
        assertFalse(levels.enabled("dev.portknock.pad.DoorVerifier", Level.DEBUG));
    }

    @Test
    void theNearestNamedLevelWins() {
        LogLevels levels = levels("org.slf4j.simpleLogger.log.dev.portknock", "error",
                "org.slf4j.simpleLogger.log." + SERVER, "trace");
        assertTrue(levels.enabled(SERVER, Level.TRACE));
        assertFalse(levels.enabled("dev.portknock.runtime.KnockClient", Level.WARN));
    }

    @Test
    void offSilencesEvenErrors() {
        assertFalse(levels("org.slf4j.simpleLogger.log." + SERVER, "off").enabled(SERVER, Level.ERROR));
    }

    @Test
    void levelsAreReadInAnyCase() {
        assertTrue(levels("org.slf4j.simpleLogger.log." + SERVER, " DEBUG ").enabled(SERVER, Level.DEBUG));
    }

    @Test
    void aValueThatIsNoLevelIsReportedNamingThePropertyAndIgnored() {
        LogLevels levels = levels("org.slf4j.simpleLogger.log." + SERVER, "verbose");
        assertEquals(List.of("ignoring the system property org.slf4j.simpleLogger.log." + SERVER + ": 'verbose' is "
                + "not a log level (trace, debug, info, warn, error or off)"), problems);
        assertTrue(levels.enabled(SERVER, Level.INFO));
        assertFalse(levels.enabled(SERVER, Level.DEBUG));
    }

    @Test
    void aBadDefaultIsReportedAndInfoKept() {
        LogLevels levels = levels("org.slf4j.simpleLogger.defaultLogLevel", "");
        assertEquals(List.of("ignoring the system property org.slf4j.simpleLogger.defaultLogLevel: '' is not a log "
                + "level (trace, debug, info, warn, error or off)"), problems);
        assertTrue(levels.enabled(SERVER, Level.INFO));
        assertFalse(levels.enabled(SERVER, Level.DEBUG));
    }

    @Test
    void settingTheDefaultReachesLoggersAlreadyAskedButNotNamedOnes() {
        LogLevels levels = levels("org.slf4j.simpleLogger.log.dev.portknock.pad", "warn");
        assertFalse(levels.enabled(SERVER, Level.DEBUG));
        levels.setDefaultLevel(Level.DEBUG);
        assertTrue(levels.enabled(SERVER, Level.DEBUG));
        assertFalse(levels.enabled("dev.portknock.pad.DoorVerifier", Level.INFO));
    }
}
