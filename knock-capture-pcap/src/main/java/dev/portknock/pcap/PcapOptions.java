package dev.portknock.pcap;

import java.util.Map;

/** The pcap backend's {@link dev.portknock.spi.CaptureSpec#options() capture options}, validated. */
final class PcapOptions {
    /** Option key: the kernel capture buffer (ring) size in bytes. */
    static final String BUFFER_SIZE = "buffer_size";
    /**
     * Default buffer: 32 MiB. libpcap's own default, 2 MiB, overflowed under a 50,000 packets/s
     * flood while the capture thread was descheduled, losing legitimate knocks (docs/PERFORMANCE.md).
     */
    static final int DEFAULT_BUFFER_SIZE = 32 * 1024 * 1024;
    /** Smallest buffer accepted: one maximum-size frame. */
    static final int MIN_BUFFER_SIZE = 65_536;
    /** Longest option value echoed in an error message. */
    private static final int MAX_ECHO = 40;

    private PcapOptions() {
    }

    /**
     * The buffer size the options ask for, or the default.
     *
     * @throws IllegalArgumentException for an unknown key or a buffer size that is not a whole
     *     number in {@value #MIN_BUFFER_SIZE}..2147483647
     */
    static int bufferSize(Map<String, String> options) {
        for (String key : options.keySet()) {
            if (!key.equals(BUFFER_SIZE)) {
                throw new IllegalArgumentException(PcapMessages.unknownOption(echo(key)));
            }
        }
        String value = options.get(BUFFER_SIZE);
        if (value == null) {
            return DEFAULT_BUFFER_SIZE;
        }
        // digits only: no sign, no blanks, no grouping; the length check keeps parseInt from overflowing
        if (value.isEmpty() || value.length() > 10 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(PcapMessages.badBufferSize(echo(value)));
        }
        long bytes = Long.parseLong(value);
        if (bytes < MIN_BUFFER_SIZE || bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(PcapMessages.badBufferSize(value));
        }
        return (int) bytes;
    }

    private static String echo(String text) {
        return text.length() <= MAX_ECHO ? text : text.substring(0, MAX_ECHO) + "...";
    }
}
