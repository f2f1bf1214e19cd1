package dev.portknock.nflog;

/** Why a netlink message did not become a packet event; every such message counts as skipped. */
enum SkipReason {
    /** A header, an attribute or the packet ends before it should. */
    TRUNCATED,
    /** A datagram larger than the receive buffer: the kernel cut it, its tail is lost. */
    OVERSIZED,
    /** A length or a field contradicts itself (netlink lengths, IP version, header lengths, timestamp). */
    MALFORMED,
    /** An IP fragment: not the first, or a first one with more to come (its ports are unreliable). */
    FRAGMENT,
    /** A logged packet that is neither IPv4 nor IPv6, or that carries no payload attribute. */
    NOT_IP,
    /** An IP packet that carries neither TCP nor UDP. */
    NOT_TCP_OR_UDP,
    /** A netlink message of a type this backend does not read. */
    UNKNOWN_MESSAGE
}
