package dev.portknock.pcap;

import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The pcap backend's {@link dev.portknock.spi.CaptureSpec#options() capture options}, validated. */
final class PcapOptions {
    /** Option key: the kernel capture buffer (ring) size in bytes. */
    static final String BUFFER_SIZE = "buffer_size";
    /**
     * Default buffer: 32 MiB. libpcap's own default, 2 MiB, overflowed under a 50,000 packets/s
     * flood while the capture thread was descheduled, losing legitimate knocks (docs/PERFORMANCE.md).
     */
    static final int DEFAULT_BUFFER_SIZE = 32 * 1024 * 1024;
    /**
     * System property that replaces {@link #DEFAULT_BUFFER_SIZE} for captures whose options give no
     * buffer size: a deployment's default in bytes, such as the Debian package's launcher sets for a
     * small gateway, where the 32 MiB ring would be most of the server's resident memory. A
     * capture's own option still wins.
     */
    static final String DEFAULT_BUFFER_SIZE_PROPERTY = "dev.portknock.pcap.buffer_size";
    /** Smallest buffer accepted: one maximum-size frame. */
    static final int MIN_BUFFER_SIZE = 65_536;
    /** Longest option value echoed in an error message. */
    private static final int MAX_ECHO = 40;

    private PcapOptions() {
    }

    /**
     * The buffer size the options ask for, or the default: the system property
     * {@value #DEFAULT_BUFFER_SIZE_PROPERTY} when it is set, else {@value #DEFAULT_BUFFER_SIZE}.
     *
     * @throws IllegalArgumentException for an unknown key or a buffer size, given or set by the
     *     property, that is not a whole number in {@value #MIN_BUFFER_SIZE}..2147483647
     */
    static int bufferSize(Map<String, String> options) {
        return bufferSize(options, Optional.ofNullable(System.getProperty(DEFAULT_BUFFER_SIZE_PROPERTY)));
    }

    /** The buffer size the options ask for, or {@code deploymentDefault}, or {@value #DEFAULT_BUFFER_SIZE}. */
    static int bufferSize(Map<String, String> options, Optional<String> deploymentDefault) {
        for (String key : options.keySet()) {
            if (!key.equals(BUFFER_SIZE)) {
                throw new IllegalArgumentException(PcapMessages.unknownOption(echo(key)));
            }
        }
        String value = options.get(BUFFER_SIZE);
        if (value != null) {
            return bytes(value, PcapMessages::badBufferSize);
        }
        if (deploymentDefault.isPresent()) {
            return bytes(deploymentDefault.get(), PcapMessages::badDefaultBufferSize);
        }
        return DEFAULT_BUFFER_SIZE;
    }

    private static int bytes(String value, UnaryOperator<String> problem) {
        // digits only: no sign, no blanks, no grouping; the length check keeps parseInt from overflowing
        if (value.isEmpty() || value.length() > 10 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(problem.apply(echo(value)));
        }
        long bytes = Long.parseLong(value);
        if (bytes < MIN_BUFFER_SIZE || bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(problem.apply(value));
        }
        return (int) bytes;
    }

    private static String echo(String text) {
        return text.length() <= MAX_ECHO ? text : text.substring(0, MAX_ECHO) + "...";
    }
}
