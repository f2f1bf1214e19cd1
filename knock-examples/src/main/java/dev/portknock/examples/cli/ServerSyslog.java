package dev.portknock.examples.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * knockd's {@code [options] UseSyslog} for {@code knock server}: while installed, each line
 * written to {@code System.err} (slf4j-simple's log lines, wherever {@link ServerProcessFiles}
 * sent them) still goes there and is also sent to the local syslog daemon, as glibc's
 * {@code syslog(3)} would send it ({@link SyslogFormat}, {@link Slf4jSimpleLines}). Each line is
 * a datagram of its own: a stack trace arrives as one message per line, each with the severity of
 * the record it belongs to. Closing restores {@code System.err} and closes the socket.
 */
final class ServerSyslog implements AutoCloseable {
    /** Where rsyslog and systemd-journald take local messages. */
    static final Path DEFAULT_SOCKET = Path.of("/dev/log");
    /** A daemon that stays stuck for longer costs the logging thread no more than this per line. */
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(1);
    /**
     * What a line keeps for syslog: twice the datagram, so the cut that {@link SyslogFormat} makes
     * always falls before the end of the kept bytes and never shows a half-kept character.
     */
    private static final int MAX_LINE_BYTES = 2 * SyslogFormat.MAX_DATAGRAM_BYTES;

    private final PrintStream underlying;
    private final PrintStream tee;
    private final SyslogSender sender;

    private ServerSyslog(PrintStream underlying, PrintStream tee, SyslogSender sender) {
        this.underlying = underlying;
        this.tee = tee;
        this.sender = sender;
    }

    /**
     * Connects to the syslog socket and installs, as {@code System.err}, a stream that copies each
     * line written to the current one there.
     *
     * @param socketPath the daemon's socket, {@link #DEFAULT_SOCKET} but in tests
     * @param charset the charset the current {@code System.err} writes in
     * @param clock the time syslog messages are stamped with
     * @throws IOException naming the option, the socket and the libc error, if the socket cannot be connected
     */
    static ServerSyslog install(Path socketPath, Charset charset, Clock clock) throws IOException {
        PrintStream underlying = System.err;
        SyslogSender sender;
        try {
            sender = SyslogSender.connect(socketPath, SEND_TIMEOUT, underlying);
        } catch (IOException e) {
            throw new IOException("UseSyslog: cannot connect to the syslog socket " + socketPath + ": "
                    + e.getMessage(), e);
        }
        SyslogFormat format = new SyslogFormat(clock, ProcessHandle.current().pid());
        Slf4jSimpleLines records = new Slf4jSimpleLines();
        LineSplittingStream lines = new LineSplittingStream(underlying, charset, MAX_LINE_BYTES, line -> {
            if (!line.isBlank()) {
                Slf4jSimpleLines.Entry entry = records.next(line);
                sender.send(format.datagram(entry.severity(), entry.message()));
            }
        });
        PrintStream tee = new PrintStream(lines, true, charset);
        System.setErr(tee);
        return new ServerSyslog(underlying, tee, sender);
    }

    /** Restores the previous {@code System.err} and closes the syslog socket. */
    @Override
    public void close() {
        System.setErr(underlying);
        tee.close();
        sender.close();
    }
}
