package dev.portknock.examples.logging;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.event.Level;

/**
 * The datagrams glibc's {@code syslog(3)} sends to {@code /dev/log}, as knockd's {@code UseSyslog}
 * does: {@code <PRI>Mmm dd HH:mm:ss knock[PID]: MESSAGE}, RFC 3164's local form (no host name),
 * facility {@code daemon}, the time in the clock's zone (syslog(3) uses local time) with the day of
 * the month space-padded. A datagram longer than {@value #MAX_DATAGRAM_BYTES} bytes is cut there,
 * between two characters, rather than refused: the whole line is still in standard error or the
 * log file.
 */
final class SyslogFormat {
    /** The longest datagram sent; rsyslog and journald take this much from any sender. */
    static final int MAX_DATAGRAM_BYTES = 2048;
    /** The tag (syslog(3)'s ident) that names the program in every message. */
    static final String TAG = "knock";
    private static final int FACILITY_DAEMON = 3;
    // spelled out: a locale's month names may differ from syslog's (CLDR has "Sept" for some)
    private static final String[] MONTHS = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    /** The syslog severities a record's level maps to, with their RFC 3164 codes. */
    enum Severity {
        /** {@code LOG_ERR}. */
        ERR(3),
        /** {@code LOG_WARNING}. */
        WARNING(4),
        /** {@code LOG_INFO}. */
        INFO(6),
        /** {@code LOG_DEBUG}. */
        DEBUG(7);

        private final int code;

        Severity(int code) {
            this.code = code;
        }

        /** The severity of a record of {@code level}: ERROR err, WARN warning, INFO info, DEBUG and TRACE debug. */
        static Severity of(Level level) {
            return switch (level) {
                case ERROR -> ERR;
                case WARN -> WARNING;
                case INFO -> INFO;
                case DEBUG, TRACE -> DEBUG;
            };
        }
    }

    private final Clock clock;
    private final long pid;

    /**
     * A format stamping messages with the clock's time and this process id.
     *
     * @throws IllegalArgumentException if the pid is not positive
     */
    SyslogFormat(Clock clock, long pid) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be positive: " + pid);
        }
        this.pid = pid;
    }

    /** The datagram of one message: header, then the message in UTF-8, cut to {@value #MAX_DATAGRAM_BYTES} bytes. */
    byte[] datagram(Severity severity, String message) {
        LocalDateTime time = LocalDateTime.ofInstant(clock.instant(), clock.getZone());
        String header = String.format(Locale.ROOT, "<%d>%s %2d %02d:%02d:%02d %s[%d]: ",
                FACILITY_DAEMON * 8 + severity.code, MONTHS[time.getMonthValue() - 1], time.getDayOfMonth(),
                time.getHour(), time.getMinute(), time.getSecond(), TAG, pid);
        byte[] head = header.getBytes(StandardCharsets.US_ASCII);
        // a character takes a byte at least: more characters than a datagram holds need not be encoded
        String candidate = message.length() > MAX_DATAGRAM_BYTES ? message.substring(0, MAX_DATAGRAM_BYTES) : message;
        byte[] body = candidate.getBytes(StandardCharsets.UTF_8);
        int kept = utf8Prefix(body, MAX_DATAGRAM_BYTES - head.length);
        byte[] datagram = Arrays.copyOf(head, head.length + kept);
        System.arraycopy(body, 0, datagram, head.length, kept);
        return datagram;
    }

    /** The length of the longest prefix of {@code text}, at most {@code max} bytes, that ends between characters. */
    private static int utf8Prefix(byte[] text, int max) {
        if (text.length <= max) {
            return text.length;
        }
        int end = max;
        // a continuation byte (10xxxxxx) at the cut would leave half a character before it
        while (end > 0 && (text[end] & 0xC0) == 0x80) {
            end--;
        }
        return end;
    }
}
