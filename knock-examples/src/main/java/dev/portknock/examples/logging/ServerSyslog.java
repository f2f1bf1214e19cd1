package dev.portknock.examples.logging;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.event.Level;

/**
 * knockd's {@code [options] UseSyslog} for {@code knock server}: while attached, each record of the
 * output is also sent to the local syslog daemon, as glibc's {@code syslog(3)} would send it
 * ({@link SyslogFormat}), a datagram per line. A socket that cannot be connected at the start is a
 * warning (a record of the output at WARN), not a failure, as it is for knockd: the server carries on, its lines stay on standard
 * error or in the log file, and every line tries the socket again ({@link SyslogSender}), so
 * delivery begins once the daemon is up. Closing detaches from the output and closes the socket.
 */
public final class ServerSyslog implements AutoCloseable {
    /** Where rsyslog and systemd-journald take local messages. */
    public static final Path DEFAULT_SOCKET = Path.of("/dev/log");
    /** A daemon that stays stuck for longer costs the logging thread no more than this per line. */
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(1);

    private final LogOutput output;
    private final SyslogSender sender;
    private final SyslogFormat format;

    private ServerSyslog(LogOutput output, SyslogSender sender, SyslogFormat format) {
        this.output = output;
        this.sender = sender;
        this.format = format;
    }

    /**
     * Connects to the syslog socket and sends the output's later records there as well. If the
     * socket cannot be connected, says so in a warning and sends once it can.
     *
     * @param socketPath the daemon's socket, {@link #DEFAULT_SOCKET} but in tests
     * @param clock the time syslog messages are stamped with (syslog(3) uses local time)
     */
    public static ServerSyslog attach(LogOutput output, Path socketPath, Clock clock) {
        Objects.requireNonNull(output, "output");
        SyslogSender sender;
        try {
            sender = SyslogSender.connect(socketPath, SEND_TIMEOUT, output::notice);
        } catch (IOException e) {
            // written before the output sends to syslog: this record would only fail to arrive there
            output.write(new LogRecord(clock.instant(), Level.WARN, ServerSyslog.class.getName(), "UseSyslog: "
                    + "cannot connect to the syslog socket " + socketPath + ": " + e.getMessage() + "; log lines go "
                    + "only to standard error or the LogFile until it accepts them", Optional.empty()));
            sender = SyslogSender.unconnected(socketPath, SEND_TIMEOUT, output::notice);
        }
        ServerSyslog syslog = new ServerSyslog(output, sender, new SyslogFormat(clock, ProcessHandle.current().pid()));
        output.sendTo(syslog);
        return syslog;
    }

    /** Sends one line of a record of {@code level}. */
    void send(Level level, String line) {
        sender.send(format.datagram(SyslogFormat.Severity.of(level), line));
    }

    /** Stops sending records and closes the socket. */
    @Override
    public void close() {
        output.stopSendingTo(this);
        sender.close();
    }
}
