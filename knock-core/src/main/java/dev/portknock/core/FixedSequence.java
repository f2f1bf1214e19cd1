package dev.portknock.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A static knock sequence (PROTOCOL.md §3.1), knockd-compatible: replayable by design, kept for
 * knockd configurations and its {@code knock} client.
 *
 * @param ports the packets in order, at least one
 */
public record FixedSequence(List<KnockPort> ports) {
    /** Validates and copies. */
    public FixedSequence {
        ports = List.copyOf(Objects.requireNonNull(ports, "ports"));
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("a sequence needs at least one port");
        }
    }

    /**
     * Parses knockd's syntax {@code port[:tcp|udp],...}; a port without a suffix is TCP, as in
     * knockd. Whitespace around items is ignored.
     *
     * @throws IllegalArgumentException naming the bad item
     */
    public static FixedSequence parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("a sequence needs at least one port");
        }
        List<KnockPort> ports = new ArrayList<>();
        for (String raw : text.split(",", -1)) {
            ports.add(parsePort(raw.strip()));
        }
        return new FixedSequence(ports);
    }

    /**
     * Parses one knockd port item, {@code 7000}, {@code 7000:tcp} or {@code 7000:udp}.
     *
     * @throws IllegalArgumentException naming the bad item
     */
    public static KnockPort parsePort(String item) {
        int colon = item.indexOf(':');
        String number = colon < 0 ? item : item.substring(0, colon).strip();
        Transport transport = Transport.TCP;
        if (colon >= 0) {
            String protocol = item.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
            switch (protocol) {
                case "tcp" -> transport = Transport.TCP;
                case "udp" -> transport = Transport.UDP;
                default -> throw new IllegalArgumentException(
                        "unknown protocol '" + item.substring(colon + 1).strip() + "' in '" + item + "'");
            }
        }
        if (number.isEmpty() || number.length() > 5 || !number.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("bad port '" + item + "'");
        }
        int port = Integer.parseInt(number);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be in 1..65535: '" + item + "'");
        }
        return new KnockPort(port, transport);
    }

    /** The number of packets. */
    public int length() {
        return ports.size();
    }

    /** knockd's spelling, {@code 7000:tcp,8000:udp}. */
    @Override
    public String toString() {
        return ports.stream().map(KnockPort::toString).collect(Collectors.joining(","));
    }
}
