package dev.portknock.examples.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

class ServerSyslogTest {
    private static final Clock MAY_FIRST = Clock.fixed(Instant.parse("2024-05-01T12:34:56.789Z"), ZoneOffset.UTC);
    private static final String DATE = "2024-05-01T14:34:56.789+02:00";

    @TempDir
    Path dir;

    private final List<ServerSyslog> attached = new ArrayList<>();
    private final ByteArrayOutputStream standardError = new ByteArrayOutputStream();
    private final LogOutput output = new LogOutput(ZoneOffset.ofHours(2),
            () -> new PrintStream(standardError, true, StandardCharsets.UTF_8));
    private final Logger log = new CliLoggerFactory(LogLevels.fromProperties(new Properties(), problem -> {
        throw new AssertionError(problem);
    }), output, MAY_FIRST).getLogger("dev.portknock.runtime.KnockServer");

    private Path socket() {
        return dir.resolve("log");
    }

    /** Attaches syslog to the output until the test ends. */
    private ServerSyslog attach() {
        ServerSyslog syslog = ServerSyslog.attach(output, socket(), MAY_FIRST);
        attached.add(syslog);
        return syslog;
    }

    @AfterEach
    void detach() {
        attached.forEach(ServerSyslog::close);
    }

    private String standardError() {
        return standardError.toString(StandardCharsets.UTF_8);
    }

    private static String header(int priority) {
        return "<" + priority + ">May  1 12:34:56 knock[" + ProcessHandle.current().pid() + "]: ";
    }

    @Test
    void aRecordGoesToSyslogWithoutItsTimeAndStaysOnStandardError() throws IOException {
        try (UnixDatagramReceiver daemon = UnixDatagramReceiver.bind(socket())) {
            attach();
            log.info("door ssh: knock from 192.0.2.7 accepted");
            assertEquals(header(30) + "INFO KnockServer - door ssh: knock from 192.0.2.7 accepted",
                    daemon.receiveText());
        }
        assertEquals(DATE + " INFO KnockServer - door ssh: knock from 192.0.2.7 accepted\n", standardError());
    }

    @Test
    void aRecordArrivesWithTheSeverityOfItsLevel() throws IOException {
        try (UnixDatagramReceiver daemon = UnixDatagramReceiver.bind(socket())) {
            attach();
            log.warn("a warning for syslog");
            assertEquals(header(28) + "WARN KnockServer - a warning for syslog", daemon.receiveText());
        }
    }

    @Test
    void aStackTraceArrivesAsOneDatagramPerLineWithTheSeverityOfItsRecord() throws IOException {
        try (UnixDatagramReceiver daemon = UnixDatagramReceiver.bind(socket())) {
            attach();
            log.error("capture failed", new IllegalStateException("interface gone"));
            assertEquals(header(27) + "ERROR KnockServer - capture failed", daemon.receiveText());
            assertEquals(header(27) + "java.lang.IllegalStateException: interface gone", daemon.receiveText());
            String frame = daemon.receiveText();
            assertTrue(frame.startsWith(header(27) + "\tat dev.portknock.examples.logging.ServerSyslogTest."), frame);
        }
    }

    @Test
    void anOversizedRecordIsCutToTheDatagramLimit() throws IOException {
        String message = "oversized " + "x".repeat(5000);
        try (UnixDatagramReceiver daemon = UnixDatagramReceiver.bind(socket())) {
            attach();
            log.info(message);
            String datagram = daemon.receiveText();
            assertEquals(SyslogFormat.MAX_DATAGRAM_BYTES, datagram.length());
            assertEquals((header(30) + "INFO KnockServer - " + message).substring(0, SyslogFormat.MAX_DATAGRAM_BYTES),
                    datagram);
        }
        assertTrue(standardError().contains("INFO KnockServer - " + message + "\n"), "standard error keeps it whole");
    }

    @Test
    void whileTheDaemonStaysAwayStandardErrorGetsOneNoticeAndEveryLine() throws IOException {
        UnixDatagramReceiver daemon = UnixDatagramReceiver.bind(socket());
        attach();
        daemon.close();
        log.info("first");
        log.info("second");
        assertEquals(DATE + " INFO KnockServer - first\nknock server: UseSyslog: cannot deliver to the syslog socket "
                + socket() + ": No such file or directory; log lines go only here until it accepts them again\n"
                + DATE + " INFO KnockServer - second\n", standardError());
    }

    @Test
    void aMissingSocketIsAWarningAndTheLinesAfterItGoToSyslogOnceItAppears() throws IOException {
        attach();
        log.info("before the daemon");
        try (UnixDatagramReceiver daemon = UnixDatagramReceiver.bind(socket())) {
            log.info("after the daemon");
            assertEquals(header(30) + "INFO KnockServer - after the daemon", daemon.receiveText());
        }
        assertEquals(DATE + " WARN ServerSyslog - UseSyslog: cannot connect to the syslog socket " + socket()
                + ": No such file or directory; log lines go only to standard error or the LogFile until it accepts "
                + "them\n" + DATE + " INFO KnockServer - before the daemon\n" + DATE + " INFO KnockServer - after the "
                + "daemon\nknock server: UseSyslog: delivery to the syslog socket " + socket() + " resumed\n",
                standardError());
    }

    @Test
    void afterClosingRecordsGoToStandardErrorOnly() throws IOException {
        try (UnixDatagramReceiver daemon = UnixDatagramReceiver.bind(socket())) {
            attach().close();
            log.info("after closing");
            try (UnixDatagramSocket other = UnixDatagramSocket.connect(socket(), java.time.Duration.ofSeconds(1))) {
                other.send("marker".getBytes(StandardCharsets.UTF_8), true);
            }
            assertEquals("marker", daemon.receiveText(), "the record would have come first");
        }
        assertEquals(DATE + " INFO KnockServer - after closing\n", standardError());
    }
}
