package dev.portknock.runtime;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which capture a {@link KnockServer} opens and how: a capture provider's id and what the
 * provider's {@link dev.portknock.spi.CaptureSpec} carries besides the port ranges, which the
 * server computes from its doors ({@link KnockServer.Builder#capture(dev.portknock.spi.ProviderRegistry,
 * CaptureSettings)}).
 *
 * @param provider the capture provider's id, as {@code udp-socket}, {@code pcap} or a third party's
 * @param networkInterface the interface to capture on, if the backend takes one
 * @param listenAddress the local address to watch or bind, if any
 * @param captureFile a recorded capture file to replay instead of a live capture, if any
 * @param options the backend's own settings, by name, passed to it as they are (sorted by name)
 */
public record CaptureSettings(String provider, Optional<String> networkInterface, Optional<InetAddress> listenAddress,
                              Optional<Path> captureFile, Map<String, String> options) {
    /** Validates and copies. */
    public CaptureSettings {
        Objects.requireNonNull(provider, "provider");
        if (provider.isBlank()) {
            throw new IllegalArgumentException("capture provider id must not be blank");
        }
        Objects.requireNonNull(networkInterface, "networkInterface");
        Objects.requireNonNull(listenAddress, "listenAddress");
        Objects.requireNonNull(captureFile, "captureFile");
        options = java.util.Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(options, "options")));
    }

    /** The provider with nothing else set: no interface, listen address, file or options. */
    public static CaptureSettings of(String provider) {
        return new CaptureSettings(provider, Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
    }
}
