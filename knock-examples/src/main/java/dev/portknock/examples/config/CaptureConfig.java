package dev.portknock.examples.config;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a door's packets are captured. Doors with the same type, interface and listen address
 * share one capture source, so they must agree on its buffer size too (a configuration checks it).
 *
 * @param type the capture backend
 * @param networkInterface the interface to capture on (from {@code [options] Interface}), if set
 * @param listen the local address to bind (udp-socket) or to filter on (pcap; knockd's
 *               {@code Target}), if set
 * @param bufferSize the kernel capture buffer in bytes (pcap only), if set; otherwise the
 *                   backend's default
 */
public record CaptureConfig(CaptureType type, Optional<String> networkInterface, Optional<InetAddress> listen,
                            Optional<Integer> bufferSize) {
    /** Validates the settings. */
    public CaptureConfig {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(networkInterface, "networkInterface");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(bufferSize, "bufferSize");
        if (bufferSize.isPresent() && type != CaptureType.PCAP) {
            throw new IllegalArgumentException("a buffer size applies to capture pcap only, not " + type.id());
        }
        if (bufferSize.isPresent() && bufferSize.get() < 1) {
            throw new IllegalArgumentException("buffer size must be positive: " + bufferSize.get());
        }
    }

    /** Whether both watch the same way (type, interface, listen address) and so share one capture source. */
    public boolean sharesSourceWith(CaptureConfig other) {
        return type == other.type && networkInterface.equals(other.networkInterface) && listen.equals(other.listen);
    }
}
