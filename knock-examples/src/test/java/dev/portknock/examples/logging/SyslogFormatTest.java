package dev.portknock.examples.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portknock.examples.logging.SyslogFormat.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.event.Level;

class SyslogFormatTest {
    private static final Clock MAY_FIRST = Clock.fixed(Instant.parse("2024-05-01T12:34:56.789Z"), ZoneOffset.UTC);
    private static final String HEADER = "<30>May  1 12:34:56 knock[4242]: ";

    private static String text(byte[] datagram) {
        return new String(datagram, StandardCharsets.UTF_8);
    }

    @Test
    void aDatagramIsPriorityTimeTagPidAndMessage() {
        assertEquals(HEADER + "INFO ServerCommand - door ssh: opened",
                text(new SyslogFormat(MAY_FIRST, 4242).datagram(Severity.INFO, "INFO ServerCommand - door ssh: opened")));
    }

    @Test
    void theTimeIsTheClocksLocalTime() {
        Clock berlin = Clock.fixed(Instant.parse("2024-12-31T23:59:59Z"), ZoneOffset.ofHours(2));
        assertEquals("<30>Jan  1 01:59:59 knock[1]: m", text(new SyslogFormat(berlin, 1).datagram(Severity.INFO, "m")));
    }

    @Test
    void aTwoDigitDayIsNotPadded() {
        Clock christmas = Clock.fixed(Instant.parse("2024-12-24T08:05:03Z"), ZoneOffset.UTC);
        assertEquals("<30>Dec 24 08:05:03 knock[1]: m",
                text(new SyslogFormat(christmas, 1).datagram(Severity.INFO, "m")));
    }

    @ParameterizedTest(name = "{0} is priority {1}")
    @CsvSource({"ERR, 27", "WARNING, 28", "INFO, 30", "DEBUG, 31"})
    void eachSeverityIsAPriorityOfTheDaemonFacility(Severity severity, int priority) {
        assertEquals("<" + priority + ">May  1 12:34:56 knock[4242]: m",
                text(new SyslogFormat(MAY_FIRST, 4242).datagram(severity, "m")));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"ERROR, ERR", "WARN, WARNING", "INFO, INFO", "DEBUG, DEBUG", "TRACE, DEBUG"})
    void eachLevelHasTheSeverityOfItsName(Level level, Severity severity) {
        assertEquals(severity, Severity.of(level));
    }

    @Test
    void theMessageIsSentInUtf8() {
        assertEquals(HEADER + "Grüße", text(new SyslogFormat(MAY_FIRST, 4242).datagram(Severity.INFO, "Grüße")));
    }

    @Test
    void anOversizedMessageIsCutToTheDatagramLimit() {
        String message = "x".repeat(5000);
        byte[] datagram = new SyslogFormat(MAY_FIRST, 4242).datagram(Severity.INFO, message);
        assertEquals(SyslogFormat.MAX_DATAGRAM_BYTES, datagram.length);
        assertEquals(HEADER + message.substring(0, SyslogFormat.MAX_DATAGRAM_BYTES - HEADER.length()), text(datagram));
    }

    @Test
    void aMessageThatJustFitsIsKeptWhole() {
        String message = "x".repeat(SyslogFormat.MAX_DATAGRAM_BYTES - HEADER.length());
        assertEquals(HEADER + message, text(new SyslogFormat(MAY_FIRST, 4242).datagram(Severity.INFO, message)));
    }

    @Test
    void theCutNeverSplitsACharacter() {
        // the euro sign's three bytes would straddle the limit: it goes whole
        String kept = "x".repeat(SyslogFormat.MAX_DATAGRAM_BYTES - HEADER.length() - 1);
        byte[] datagram = new SyslogFormat(MAY_FIRST, 4242).datagram(Severity.INFO, kept + "€ and more");
        assertEquals(SyslogFormat.MAX_DATAGRAM_BYTES - 1, datagram.length);
        assertEquals(HEADER + kept, text(datagram));
    }

    @Test
    void aPidThatIsNotPositiveIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SyslogFormat(MAY_FIRST, 0));
        assertEquals("pid must be positive: 0", e.getMessage());
    }
}
