package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class ServerSyslogTest {
    private static final Logger LOG = LoggerFactory.getLogger(ServerSyslogTest.class);
    private static final Clock MAY_FIRST = Clock.fixed(Instant.parse("2024-05-01T12:34:56.789Z"), ZoneOffset.UTC);
    private static final String DATE = "2024-05-01T14:34:56.789+02:00";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream standardError = new ByteArrayOutputStream();
    private PrintStream original;

    @BeforeEach
    void captureStandardError() {
        original = System.err;
        System.setErr(new PrintStream(standardError, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStandardError() {
        System.setErr(original);
    }

    private Path socket() {
        return dir.resolve("log");
    }

    private ServerSyslog install() throws IOException {
        return ServerSyslog.install(socket(), StandardCharsets.UTF_8, MAY_FIRST);
    }

    private static String header(int priority) {
        return "<" + priority + ">May  1 12:34:56 knock[" + ProcessHandle.current().pid() + "]: ";
    }

    /** The next datagram that contains {@code text}: servers of other tests may still be logging. */
    private static String nextWith(UnixDatagramReceiver daemon, String text) {
        while (true) {
            String datagram = daemon.receiveText();
            if (datagram.contains(text)) {
                return datagram;
            }
        }
    }

    @Test
    void aLineOnStandardErrorGoesToSyslogAndStaysOnStandardError() throws IOException {
        String line = DATE + " WARN KnockServer - door ssh: knock from 192.0.2.7 refused";
        try (UnixDatagramReceiver daemon = UnixDatagramReceiver.bind(socket())) {
            ServerSyslog syslog = install();
            try {
                System.err.println(line);
                assertEquals(header(28) + "WARN KnockServer - door ssh: knock from 192.0.2.7 refused",
                        nextWith(daemon, "192.0.2.7"));
            } finally {
                syslog.close();
            }
        }
        assertTrue(standardError.toString(StandardCharsets.UTF_8).contains(line + "\n"));
    }

    @Test
    void anSlf4jRecordArrivesWithTheSeverityOfItsLevel() throws IOException {
        try (UnixDatagramReceiver daemon = UnixDatagramReceiver.bind(socket())) {
            ServerSyslog syslog = install();
            try {
                LOG.warn("a warning for syslog");
                assertEquals(header(28) + "WARN ServerSyslogTest - a warning for syslog",
                        nextWith(daemon, "a warning for syslog"));
            } finally {
                syslog.close();
            }
        }
    }

    @Test
    void aStackTraceArrivesAsOneDatagramPerLineWithTheSeverityOfItsRecord() throws IOException {
        try (UnixDatagramReceiver daemon = UnixDatagramReceiver.bind(socket())) {
            ServerSyslog syslog = install();
            try {
                LOG.error("capture failed", new IllegalStateException("interface gone"));
                assertEquals(header(27) + "ERROR ServerSyslogTest - capture failed", nextWith(daemon, "capture failed"));
                assertEquals(header(27) + "java.lang.IllegalStateException: interface gone", daemon.receiveText());
                String frame = daemon.receiveText();
                assertTrue(frame.startsWith(header(27) + "\tat dev.portknock.examples.cli.ServerSyslogTest."), frame);
            } finally {
                syslog.close();
            }
        }
    }

    @Test
    void aLineWrittenInPiecesIsSentOnceComplete() throws IOException {
        try (UnixDatagramReceiver daemon = UnixDatagramReceiver.bind(socket())) {
            ServerSyslog syslog = install();
            try {
                System.err.print(DATE + " INFO KnockServer - pieces: one");
                System.err.print(", two");
                System.err.println(", three");
                System.err.println(DATE + " INFO KnockServer - pieces: next");
                assertEquals(header(30) + "INFO KnockServer - pieces: one, two, three", nextWith(daemon, "pieces:"));
                assertEquals(header(30) + "INFO KnockServer - pieces: next", nextWith(daemon, "pieces:"));
            } finally {
                syslog.close();
            }
        }
    }

    @Test
    void anOversizedLineIsCutToTheDatagramLimit() throws IOException {
        String message = "INFO KnockServer - oversized " + "x".repeat(5000);
        try (UnixDatagramReceiver daemon = UnixDatagramReceiver.bind(socket())) {
            ServerSyslog syslog = install();
            try {
                System.err.println(DATE + " " + message);
                String datagram = nextWith(daemon, "oversized");
                assertEquals(SyslogFormat.MAX_DATAGRAM_BYTES, datagram.length());
                assertEquals(header(30) + message.substring(0, SyslogFormat.MAX_DATAGRAM_BYTES - header(30).length()),
                        datagram);
            } finally {
                syslog.close();
            }
        }
        assertTrue(standardError.toString(StandardCharsets.UTF_8).contains(message + "\n"), "stderr keeps it whole");
    }

    @Test
    void whileTheDaemonStaysAwayStandardErrorGetsOneNoticeAndEveryLine() throws IOException {
        UnixDatagramReceiver daemon = UnixDatagramReceiver.bind(socket());
        ServerSyslog syslog = install();
        try {
            daemon.close();
            System.err.println("first");
            System.err.println("second");
        } finally {
            syslog.close();
            daemon.close();
        }
        assertTrue(standardError.toString(StandardCharsets.UTF_8).contains("first\nknock server: UseSyslog: cannot "
                + "deliver to the syslog socket " + socket() + ": No such file or directory; log lines go only here "
                + "until it accepts them again\nsecond\n"), standardError::toString);
    }

    @Test
    void closingRestoresTheStandardErrorItFound() throws IOException {
        PrintStream before = System.err;
        UnixDatagramReceiver daemon = UnixDatagramReceiver.bind(socket());
        try {
            ServerSyslog syslog = install();
            assertNotSame(before, System.err);
            syslog.close();
        } finally {
            daemon.close();
        }
        assertSame(before, System.err);
    }

    @Test
    void aMissingSocketFailsNamingTheOptionTheSocketAndTheError() {
        PrintStream before = System.err;
        IOException e = assertThrows(IOException.class, this::install);
        assertEquals("UseSyslog: cannot connect to the syslog socket " + socket() + ": No such file or directory",
                e.getMessage());
        assertSame(before, System.err);
    }
}
