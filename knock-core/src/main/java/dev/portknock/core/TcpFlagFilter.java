package dev.portknock.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which TCP flags a knock packet must carry and which it must not, as knockd's {@code tcpflags}
 * ({@code syn,!ack}). Flags are the bits of the TCP header's flag byte.
 *
 * @param required bits that must all be set
 * @param forbidden bits that must all be clear
 */
public record TcpFlagFilter(int required, int forbidden) {
    /** FIN flag bit. */
    public static final int FIN = 0x01;
    /** SYN flag bit. */
    public static final int SYN = 0x02;
    /** RST flag bit. */
    public static final int RST = 0x04;
    /** PSH flag bit. */
    public static final int PSH = 0x08;
    /** ACK flag bit. */
    public static final int ACK = 0x10;
    /** URG flag bit. */
    public static final int URG = 0x20;

    private static final String[] NAMES = {"fin", "syn", "rst", "psh", "ack", "urg"};

    /** Accepts every TCP packet. */
    public static final TcpFlagFilter ANY = new TcpFlagFilter(0, 0);
    /** A connection attempt: SYN set, ACK clear (what {@code connect()} sends first). */
    public static final TcpFlagFilter SYN_ONLY = new TcpFlagFilter(SYN, ACK);

    /** Validates the masks. */
    public TcpFlagFilter {
        if ((required & ~0x3F) != 0 || (forbidden & ~0x3F) != 0) {
            throw new IllegalArgumentException("tcp flags must be among fin, syn, rst, psh, ack, urg");
        }
        if ((required & forbidden) != 0) {
            throw new IllegalArgumentException("a tcp flag cannot be both required and forbidden");
        }
    }

    /**
     * Parses knockd's syntax: flag names separated by commas, each optionally prefixed by
     * {@code !} to forbid it, e.g. {@code syn,!ack}. Case-insensitive; blank means {@link #ANY}.
     *
     * @throws IllegalArgumentException naming the unknown flag
     */
    public static TcpFlagFilter parse(String text) {
        int required = 0;
        int forbidden = 0;
        if (text.isBlank()) {
            return ANY;
        }
        for (String raw : text.split(",", -1)) {
            String item = raw.strip().toLowerCase(Locale.ROOT);
            boolean negated = item.startsWith("!");
            String name = negated ? item.substring(1).strip() : item;
            int bit = bitOf(name);
            if (bit == 0) {
                throw new IllegalArgumentException("unknown tcp flag '" + raw.strip() + "'");
            }
            if (negated) {
                forbidden |= bit;
            } else {
                required |= bit;
            }
        }
        return new TcpFlagFilter(required, forbidden);
    }

    private static int bitOf(String name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return 1 << i;
            }
        }
        return 0;
    }

    /** Whether a packet with these flag bits passes the filter. Allocates nothing. */
    public boolean accepts(int flags) {
        return (flags & required) == required && (flags & forbidden) == 0;
    }

    /** The knockd spelling of this filter, e.g. {@code syn,!ack}; empty for {@link #ANY}. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
            if ((required & (1 << i)) != 0) {
                parts.add(NAMES[i]);
            }
        }
        for (int i = 0; i < NAMES.length; i++) {
            if ((forbidden & (1 << i)) != 0) {
                parts.add("!" + NAMES[i]);
            }
        }
        return String.join(",", parts);
    }
}
