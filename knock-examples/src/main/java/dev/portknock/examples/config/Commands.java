package dev.portknock.examples.config;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * knockd's commands of a door. {@code %IP%} stands for the knocking address and, for one-time
 * doors, {@code %SERVICE%} for the service number the knock asked for; the launcher substitutes
 * them. As in knockd, the IPv6 variants fall back to the IPv4 ones when absent, and an empty IPv6
 * variant means "do nothing for IPv6".
 *
 * @param start {@code Start_Command} (alias {@code Command}): run when a knock is accepted
 * @param start6 {@code Start_Command_6} (alias {@code Command_6}): the same for IPv6 knockers
 * @param stop {@code Stop_Command}: run when the duration has passed
 * @param stop6 {@code Stop_Command_6}: the same for IPv6 knockers
 */
public record Commands(Optional<String> start, Optional<String> start6, Optional<String> stop,
                       Optional<String> stop6) {
    /** Validates the commands: start and stop, when present, are not blank. */
    public Commands {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(start6, "start6");
        Objects.requireNonNull(stop, "stop");
        Objects.requireNonNull(stop6, "stop6");
        if (start.filter(String::isBlank).isPresent() || stop.filter(String::isBlank).isPresent()) {
            throw new IllegalArgumentException("start and stop commands must not be blank");
        }
    }

    /** No commands (doors opened by a launcher that needs none, such as nftables). */
    public static Commands none() {
        return new Commands(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Whether any command is configured. */
    public boolean isEmpty() {
        return start.isEmpty() && start6.isEmpty() && stop.isEmpty() && stop6.isEmpty();
    }

    /** The start command for a knocker at this address, empty when nothing is to run. */
    public Optional<String> startFor(InetAddress source) {
        return pick(source, start, start6);
    }

    /** The stop command for a knocker at this address, empty when nothing is to run. */
    public Optional<String> stopFor(InetAddress source) {
        return pick(source, stop, stop6);
    }

    private static Optional<String> pick(InetAddress source, Optional<String> v4, Optional<String> v6) {
        Objects.requireNonNull(source, "source");
        if (source instanceof Inet6Address && v6.isPresent()) {
            return v6.filter(command -> !command.isBlank());
        }
        return v4;
    }
}
