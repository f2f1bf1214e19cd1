package dev.portknock.examples.config;

import dev.portknock.spi.ProviderRegistry;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The capture backend a door's packets come from, named by its provider's id: one of the
 * built-in ones below, or any other capture provider on the class path (a third party's).
 *
 * @param id the provider id, lowercase letters, digits, {@code .}, {@code _} and {@code -}, as
 *           written in the configuration's {@code capture} key
 */
public record CaptureType(String id) {
    /** Bound UDP sockets: unprivileged, UDP doors only, the ports are open. */
    public static final CaptureType UDP_SOCKET = new CaptureType("udp-socket");
    /** libpcap: sees closed ports, TCP and UDP, as knockd does; needs privileges. */
    public static final CaptureType PCAP = new CaptureType("pcap");
    /** The firewall's own log: an nftables rule logs the doors' packets to an NFLOG group; needs privileges. */
    public static final CaptureType NFLOG = new CaptureType("nflog");
    /** The built-in capture backends, in the order configuration errors list them. */
    public static final List<CaptureType> BUILT_IN = List.of(UDP_SOCKET, PCAP, NFLOG);

    /** Validates the id. */
    public CaptureType {
        requireProviderId(id);
    }

    /** The built-in type with this id (case-insensitive), empty when there is none. */
    public static Optional<CaptureType> byId(String id) {
        String wanted = id.toLowerCase(Locale.ROOT);
        return BUILT_IN.stream().filter(type -> type.id.equals(wanted)).findFirst();
    }

    /**
     * Checks a provider id.
     *
     * @return the id
     * @throws IllegalArgumentException when it is not lowercase letters, digits, '.', '_' and '-'
     */
    static String requireProviderId(String id) {
        Objects.requireNonNull(id, "id");
        if (!ProviderRegistry.isValidId(id)) {
            throw new IllegalArgumentException("a provider id is lowercase letters, digits, '.', '_' and '-': '"
                    + Sections.excerpt(id) + "'");
        }
        return id;
    }
}
