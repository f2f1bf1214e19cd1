package dev.portknock.examples.config;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a door's packets are captured.
 *
 * @param type the capture backend
 * @param networkInterface the interface to capture on (from {@code [options] Interface}), if set
 * @param listen the local address to bind (udp-socket) or to filter on (pcap; knockd's
 *               {@code Target}), if set
 */
public record CaptureConfig(CaptureType type, Optional<String> networkInterface, Optional<InetAddress> listen) {
    /** Validates the settings. */
    public CaptureConfig {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(networkInterface, "networkInterface");
        Objects.requireNonNull(listen, "listen");
    }
}
