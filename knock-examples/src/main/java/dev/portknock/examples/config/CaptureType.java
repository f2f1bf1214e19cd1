package dev.portknock.examples.config;

import java.util.Locale;
import java.util.Optional;

/** The capture backend a door's packets come from; the ids match the capture providers'. */
public enum CaptureType {
    /** Bound UDP sockets: unprivileged, UDP doors only, the ports are open. */
    UDP_SOCKET("udp-socket"),
    /** libpcap: sees closed ports, TCP and UDP, as knockd does; needs privileges. */
    PCAP("pcap"),
    /** The firewall's own log: an nftables rule logs the doors' packets to an NFLOG group; needs privileges. */
    NFLOG("nflog");

    private final String id;

    CaptureType(String id) {
        this.id = id;
    }

    /** The provider id, as written in the configuration ({@code udp-socket}, {@code pcap}, {@code nflog}). */
    public String id() {
        return id;
    }

    /** The type with this id (case-insensitive), empty when there is none. */
    public static Optional<CaptureType> byId(String id) {
        String wanted = id.toLowerCase(Locale.ROOT);
        for (CaptureType type : values()) {
            if (type.id.equals(wanted)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
