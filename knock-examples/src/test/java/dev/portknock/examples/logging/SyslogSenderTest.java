package dev.portknock.examples.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyslogSenderTest {
    private static final Duration TIMEOUT = Duration.ofMillis(100);

    @TempDir
    Path dir;

    private final StringBuilder notices = new StringBuilder();

    private Path socket() {
        return dir.resolve("log");
    }

    private SyslogSender connect() throws IOException {
        return SyslogSender.connect(socket(), TIMEOUT, line -> notices.append(line).append('\n'));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private String notices() {
        return notices.toString();
    }

    private String failureNotice() {
        return "knock server: UseSyslog: cannot deliver to the syslog socket " + socket()
                + ": No such file or directory; log lines go only here until it accepts them again\n";
    }

    @Test
    void aDatagramIsDelivered() throws IOException {
        try (UnixDatagramReceiver daemon = UnixDatagramReceiver.bind(socket()); SyslogSender sender = connect()) {
            sender.send(bytes("<30>hello"));
            assertEquals("<30>hello", daemon.receiveText());
        }
        assertEquals("", notices());
    }

    @Test
    void aRestartedDaemonGetsTheNextDatagramOnANewConnection() throws IOException {
        UnixDatagramReceiver daemon = UnixDatagramReceiver.bind(socket());
        try (SyslogSender sender = connect()) {
            sender.send(bytes("before"));
            assertEquals("before", daemon.receiveText());
            daemon.close();
            try (UnixDatagramReceiver restarted = UnixDatagramReceiver.bind(socket())) {
                sender.send(bytes("after"));
                assertEquals("after", restarted.receiveText());
            }
        } finally {
            daemon.close();
        }
        assertEquals("", notices());
    }

    @Test
    void whileTheDaemonStaysAwayOneNoticeIsWritten() throws IOException {
        UnixDatagramReceiver daemon = UnixDatagramReceiver.bind(socket());
        try (SyslogSender sender = connect()) {
            daemon.close();
            sender.send(bytes("first"));
            sender.send(bytes("second"));
            sender.send(bytes("third"));
        }
        assertEquals(failureNotice(), notices());
    }

    /** The daemon goes away while a line is sent, then comes back for the next, which it receives. */
    private void restartTheDaemonAround(SyslogSender sender, UnixDatagramReceiver daemon) throws IOException {
        daemon.close();
        sender.send(bytes("lost"));
        try (UnixDatagramReceiver restarted = UnixDatagramReceiver.bind(socket())) {
            sender.send(bytes("back"));
            assertEquals("back", restarted.receiveText());
        }
    }

    @Test
    void whenTheDaemonReturnsDeliveryResumesWithANotice() throws IOException {
        UnixDatagramReceiver daemon = UnixDatagramReceiver.bind(socket());
        try (SyslogSender sender = connect()) {
            restartTheDaemonAround(sender, daemon);
        }
        assertEquals(failureNotice() + "knock server: UseSyslog: delivery to the syslog socket " + socket()
                + " resumed\n", notices());
    }

    @Test
    void aDaemonThatFailsAgainAfterResumingGetsANewNotice() throws IOException {
        UnixDatagramReceiver daemon = UnixDatagramReceiver.bind(socket());
        try (SyslogSender sender = connect()) {
            restartTheDaemonAround(sender, daemon);
            sender.send(bytes("lost again"));
        }
        assertEquals(failureNotice() + "knock server: UseSyslog: delivery to the syslog socket " + socket()
                + " resumed\n" + failureNotice(), notices());
    }

    @Test
    void afterClosingNothingIsSent() throws IOException {
        try (UnixDatagramReceiver daemon = UnixDatagramReceiver.bind(socket())) {
            SyslogSender sender = connect();
            sender.close();
            sender.send(bytes("too late"));
            try (UnixDatagramSocket other = UnixDatagramSocket.connect(socket(), TIMEOUT)) {
                other.send(bytes("marker"), true);
            }
            assertEquals("marker", daemon.receiveText(), "the closed sender's datagram would have come first");
        }
        assertEquals("", notices());
    }

    @Test
    void anUnconnectedSenderAddsNoFailureNoticeToTheWarningAlreadyGiven() {
        try (SyslogSender sender = SyslogSender.unconnected(socket(), TIMEOUT, line -> notices.append(line))) {
            sender.send(bytes("first"));
            sender.send(bytes("second"));
        }
        assertEquals("", notices());
    }

    @Test
    void anUnconnectedSenderDeliversOnceTheSocketAppearsAndSaysSo() throws IOException {
        try (SyslogSender sender = SyslogSender.unconnected(socket(), TIMEOUT, line -> notices.append(line).append('\n'))) {
            sender.send(bytes("lost"));
            try (UnixDatagramReceiver daemon = UnixDatagramReceiver.bind(socket())) {
                sender.send(bytes("delivered"));
                assertEquals("delivered", daemon.receiveText());
            }
        }
        assertEquals("knock server: UseSyslog: delivery to the syslog socket " + socket() + " resumed\n", notices());
    }
}
