package dev.portknock.spi;

/** Something a backend needs from the machine it runs on. */
public enum Requirement {
    /** Root, or the capability to capture raw packets ({@code CAP_NET_RAW}). */
    RAW_CAPTURE_PRIVILEGE,
    /** Root, or the capability to change the firewall ({@code CAP_NET_ADMIN}). */
    FIREWALL_PRIVILEGE,
    /** The system libpcap (Debian {@code libpcap0.8}). */
    LIBPCAP,
    /** The nftables command line and kernel support ({@code nft}). */
    NFTABLES,
    /** A named network interface. */
    NETWORK_INTERFACE,
    /** The ability to bind UDP sockets on the door's ports. */
    UDP_PORTS
}
