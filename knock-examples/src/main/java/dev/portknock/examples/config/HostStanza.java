package dev.portknock.examples.config;

import dev.portknock.core.Scheme;
import dev.portknock.core.Transport;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code [NAME]} stanza of the client configuration: how to knock on one door, so that
 * {@code knock send NAME} and {@code knock connect NAME} need no options. Every setting is optional;
 * options on the command line override it, and what neither gives takes the protocol's default.
 *
 * @param name the name between the brackets, which the command line gives instead of a host
 * @param location the stanza's header, the place of problems found when the settings are used together
 * @param host the address or host name to knock on (default: the stanza's name)
 * @param pad the pad file
 * @param bundles the client bundles (PROTOCOL.md §7) in order of use, instead of a pad; empty when none
 * @param state the state directory of the client cursor
 * @param scheme sealed or raw
 * @param transport udp or tcp knock packets
 * @param base the door's first port
 * @param commandDigits command digits per knock
 * @param tagDigits tag digits per knock
 * @param hintDigits hint digits per sealed knock (PROTOCOL.md §3.3: 1 or 2)
 * @param command the command values by name ({@code service}, {@code duration}, {@code delay})
 * @param bindSource whether a sealed knock is bound to the source address
 * @param acceptWeakness whether a weak profile is accepted
 * @param seenAs the address the server sees the client as (NAT)
 * @param sourceAddress the local address to send from
 * @param pacing the pause between a knock's packets
 * @param port the tcp port {@code knock connect} connects to
 * @param openWait how long {@code knock connect} waits for the port to accept after the knock
 * @param lowWater the number of knocks left at or below which the client warns
 */
public record HostStanza(String name, Location location, Optional<String> host, Optional<Path> pad,
        List<Path> bundles, Optional<Path> state, Optional<Scheme> scheme, Optional<Transport> transport, Optional<Integer> base,
        Optional<Integer> commandDigits, Optional<Integer> tagDigits, Optional<Integer> hintDigits,
        Map<String, Integer> command,
        Optional<Boolean> bindSource, Optional<Boolean> acceptWeakness, Optional<InetAddress> seenAs,
        Optional<InetAddress> sourceAddress, Optional<Duration> pacing, Optional<Integer> port,
        Optional<Duration> openWait, Optional<Long> lowWater) {
    /** Validates presence and copies the command values. */
    public HostStanza {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(pad, "pad");
        bundles = List.copyOf(Objects.requireNonNull(bundles, "bundles"));
        if (pad.isPresent() && !bundles.isEmpty()) {
            throw new IllegalArgumentException("a host takes a pad or bundles, not both");
        }
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(commandDigits, "commandDigits");
        Objects.requireNonNull(tagDigits, "tagDigits");
        Objects.requireNonNull(hintDigits, "hintDigits");
        command = Map.copyOf(Objects.requireNonNull(command, "command"));
        Objects.requireNonNull(bindSource, "bindSource");
        Objects.requireNonNull(acceptWeakness, "acceptWeakness");
        Objects.requireNonNull(seenAs, "seenAs");
        Objects.requireNonNull(sourceAddress, "sourceAddress");
        Objects.requireNonNull(pacing, "pacing");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(openWait, "openWait");
        Objects.requireNonNull(lowWater, "lowWater");
        if (lowWater.isPresent() && lowWater.get() < 0) {
            throw new IllegalArgumentException("low water must not be negative: " + lowWater.get());
        }
    }

    /** {@code [name]}, as messages show the stanza. */
    public String label() {
        return "[" + name + "]";
    }
}
