package dev.portknock.examples.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class LogOutputTest {
    private static final Instant MAY_FIRST = Instant.parse("2024-05-01T12:34:56.789Z");

    private final ByteArrayOutputStream standardError = new ByteArrayOutputStream();
    private PrintStream currentStandardError = new PrintStream(standardError, true, StandardCharsets.UTF_8);
    private final LogOutput output = new LogOutput(ZoneOffset.ofHours(2), () -> currentStandardError);

    private static LogRecord record(Level level, String message) {
        return new LogRecord(MAY_FIRST, level, "dev.portknock.runtime.KnockServer", message, Optional.empty());
    }

    private String standardError() {
        return standardError.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aRecordIsALineOfLocalTimeLevelShortLoggerNameAndMessage() {
        output.write(record(Level.INFO, "door ssh: knock from 192.0.2.7 accepted"));
        assertEquals("2024-05-01T14:34:56.789+02:00 INFO KnockServer - door ssh: knock from 192.0.2.7 accepted\n",
                standardError());
    }

    @Test
    void theZoneIsAskedForAtTheFirstRecordOnly() {
        AtomicInteger asked = new AtomicInteger();
        LogOutput lazy = new LogOutput(() -> {
            asked.incrementAndGet();
            return ZoneOffset.UTC;
        }, () -> currentStandardError);
        assertEquals(0, asked.get());
        lazy.write(record(Level.WARN, "first"));
        lazy.write(record(Level.WARN, "second"));
        assertEquals(1, asked.get());
        assertEquals("2024-05-01T12:34:56.789Z WARN KnockServer - first\n2024-05-01T12:34:56.789Z WARN KnockServer - second\n",
                standardError());
    }

    @Test
    void aRecordInUtcShowsTheOffsetAsZ() {
        new LogOutput(ZoneOffset.UTC, () -> currentStandardError).write(record(Level.WARN, "m"));
        assertEquals("2024-05-01T12:34:56.789Z WARN KnockServer - m\n", standardError());
    }

    @Test
    void aRecordsExceptionFollowsItsLineAsAStackTrace() {
        output.write(new LogRecord(MAY_FIRST, Level.ERROR, "dev.portknock.runtime.KnockServer", "capture failed",
                Optional.of(new IllegalStateException("interface gone"))));
        String[] lines = standardError().split("\n");
        assertEquals("2024-05-01T14:34:56.789+02:00 ERROR KnockServer - capture failed", lines[0]);
        assertEquals("java.lang.IllegalStateException: interface gone", lines[1]);
        assertTrue(lines[2].startsWith("\tat dev.portknock.examples.logging.LogOutputTest."), lines[2]);
    }

    @Test
    void aLogFileReceivesTheLinesInsteadOfStandardErrorUntilStandardErrorIsBack() {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        output.writeTo(new PrintStream(file, true, StandardCharsets.UTF_8));
        output.write(record(Level.INFO, "to the file"));
        output.notice("a notice to the file");
        output.writeToStandardError();
        output.write(record(Level.INFO, "to standard error"));
        assertEquals("2024-05-01T14:34:56.789+02:00 INFO KnockServer - to the file\na notice to the file\n",
                file.toString(StandardCharsets.UTF_8));
        assertEquals("2024-05-01T14:34:56.789+02:00 INFO KnockServer - to standard error\n", standardError());
    }

    @Test
    void standardErrorIsTheOneOfTheMomentOfEachRecord() {
        output.write(record(Level.INFO, "first"));
        ByteArrayOutputStream replaced = new ByteArrayOutputStream();
        currentStandardError = new PrintStream(replaced, true, StandardCharsets.UTF_8);
        output.write(record(Level.INFO, "second"));
        assertEquals("2024-05-01T14:34:56.789+02:00 INFO KnockServer - first\n", standardError());
        assertEquals("2024-05-01T14:34:56.789+02:00 INFO KnockServer - second\n",
                replaced.toString(StandardCharsets.UTF_8));
    }
}
