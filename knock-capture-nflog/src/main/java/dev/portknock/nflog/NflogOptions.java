package dev.portknock.nflog;

import java.util.Map;
import java.util.Set;

/**
 * The nflog backend's {@link dev.portknock.spi.CaptureSpec#options() capture options}, validated.
 *
 * @param group the NFLOG group the rule logs to and the socket binds
 * @param bufferSize the netlink socket's receive buffer in bytes
 */
record NflogOptions(int group, int bufferSize) {
    /** Option key: the NFLOG group number. */
    static final String GROUP = "group";
    /** Option key: the netlink socket's receive buffer in bytes. */
    static final String BUFFER_SIZE = "buffer_size";
    /** The group used when none is given; chosen away from 0..2, which ulogd's samples use. */
    static final int DEFAULT_GROUP = 4242;
    /**
     * Default receive buffer: 32 MiB, as pcap's capture buffer; batches wait here while the capture
     * thread is descheduled, and a full buffer loses whole batches.
     */
    static final int DEFAULT_BUFFER_SIZE = 32 * 1024 * 1024;
    /** Smallest buffer accepted: a few of the kernel's batches. */
    static final int MIN_BUFFER_SIZE = 4 * NflogProtocol.BATCH_BYTES;
    private static final Set<String> KEYS = Set.of(GROUP, BUFFER_SIZE);
    /** Longest option value echoed in an error message. */
    private static final int MAX_ECHO = 40;

    /**
     * The options the map asks for, defaults for those it leaves out.
     *
     * @throws IllegalArgumentException for an unknown key, a group outside 0..65535 or a buffer
     *     size outside {@value #MIN_BUFFER_SIZE}..2147483647
     */
    static NflogOptions of(Map<String, String> options) {
        for (String key : options.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(NflogMessages.unknownOption(echo(key)));
            }
        }
        String group = options.get(GROUP);
        String buffer = options.get(BUFFER_SIZE);
        int groupNumber = group == null ? DEFAULT_GROUP : (int) number(group, 0, 0xFFFF, NflogMessages::badGroup);
        int bufferBytes = buffer == null ? DEFAULT_BUFFER_SIZE
                : (int) number(buffer, MIN_BUFFER_SIZE, Integer.MAX_VALUE, NflogMessages::badBufferSize);
        return new NflogOptions(groupNumber, bufferBytes);
    }

    private static long number(String value, long min, long max, java.util.function.UnaryOperator<String> message) {
        // digits only: no sign, no blanks, no grouping; the length check keeps parseLong from overflowing
        if (value.isEmpty() || value.length() > 10 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(message.apply(echo(value)));
        }
        long number = Long.parseLong(value);
        if (number < min || number > max) {
            throw new IllegalArgumentException(message.apply(value));
        }
        return number;
    }

    private static String echo(String text) {
        return text.length() <= MAX_ECHO ? text : text.substring(0, MAX_ECHO) + "...";
    }
}
