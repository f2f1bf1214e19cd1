package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portknock.examples.cli.SyslogFormat.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Slf4jSimpleLinesTest {
    private static final String DATE = "2024-05-01T12:34:56.789+02:00";

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"ERROR, ERR", "WARN, WARNING", "INFO, INFO", "DEBUG, DEBUG", "TRACE, DEBUG"})
    void eachLevelWordGivesItsSeverity(String level, Severity severity) {
        assertEquals(severity, new Slf4jSimpleLines().next(DATE + " " + level + " KnockServer - m").severity());
    }

    @Test
    void theDateIsDroppedAndTheLevelWordAndLoggerNameKept() {
        assertEquals(new Slf4jSimpleLines.Entry(Severity.WARNING, "WARN KnockServer - door ssh: knock refused"),
                new Slf4jSimpleLines().next(DATE + " WARN KnockServer - door ssh: knock refused"));
    }

    @Test
    void aLineWithoutTheRecordPrefixTakesTheSeverityOfTheRecordBefore() {
        Slf4jSimpleLines lines = new Slf4jSimpleLines();
        lines.next(DATE + " ERROR KnockServer - capture failed");
        assertEquals(new Slf4jSimpleLines.Entry(Severity.ERR, "java.io.IOException: boom"),
                lines.next("java.io.IOException: boom"));
        assertEquals(new Slf4jSimpleLines.Entry(Severity.ERR, "\tat dev.portknock.X.run(X.java:1)"),
                lines.next("\tat dev.portknock.X.run(X.java:1)"));
    }

    @Test
    void aLineBeforeAnyRecordIsANotice() {
        assertEquals(new Slf4jSimpleLines.Entry(Severity.NOTICE, "something printed to stderr"),
                new Slf4jSimpleLines().next("something printed to stderr"));
    }

    @Test
    void aWordThatIsNoLevelDoesNotStartARecord() {
        Slf4jSimpleLines lines = new Slf4jSimpleLines();
        lines.next(DATE + " INFO KnockServer - started");
        assertEquals(new Slf4jSimpleLines.Entry(Severity.INFO, "Caused by: ERROR in x"),
                lines.next("Caused by: ERROR in x"));
    }
}
