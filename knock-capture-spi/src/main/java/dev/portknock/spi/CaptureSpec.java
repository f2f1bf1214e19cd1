package dev.portknock.spi;

import dev.portknock.core.PortRange;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a capture source must deliver and where to look.
 *
 * @param ports the door port ranges; a source may deliver more, never less
 * @param networkInterface the interface to capture on (pcap), if any
 * @param listenAddress the local address to watch or bind (udp-socket binds it; pcap filters on it)
 * @param captureFile a recorded capture file to replay instead of a live capture, if any
 * @param clock stamps packets for sources that have no capture timestamp of their own
 * @param options backend-specific settings, by name
 */
public record CaptureSpec(List<PortRange> ports, Optional<String> networkInterface,
                          Optional<InetAddress> listenAddress, Optional<Path> captureFile, Clock clock,
                          Map<String, String> options) {
    /** Validates and copies. */
    public CaptureSpec {
        ports = List.copyOf(Objects.requireNonNull(ports, "ports"));
        Objects.requireNonNull(networkInterface, "networkInterface");
        Objects.requireNonNull(listenAddress, "listenAddress");
        Objects.requireNonNull(captureFile, "captureFile");
        Objects.requireNonNull(clock, "clock");
        options = Map.copyOf(Objects.requireNonNull(options, "options"));
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("a capture needs at least one port range");
        }
    }

    /** A spec for the given ranges with nothing else set and the system clock. */
    public static CaptureSpec of(List<PortRange> ports) {
        return new CaptureSpec(ports, Optional.empty(), Optional.empty(), Optional.empty(),
                Clock.systemUTC(), Map.of());
    }
}
