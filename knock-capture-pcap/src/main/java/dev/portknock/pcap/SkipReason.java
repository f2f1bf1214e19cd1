package dev.portknock.pcap;

/** Why a captured frame did not become a packet event; every such frame counts as skipped. */
enum SkipReason {
    /** The frame ends inside a header. */
    TRUNCATED,
    /** The frame is longer than any frame libpcap can capture. */
    OVERSIZED,
    /** A header contradicts itself (IP version, header lengths, total length). */
    MALFORMED,
    /** An IP fragment: not the first, or a first one with more to come (its ports are unreliable). */
    FRAGMENT,
    /** The capture's link type is not one the parser reads. */
    UNSUPPORTED_LINK_TYPE,
    /** The frame carries something other than IPv4 or IPv6 (ARP, LLC, ...). */
    NOT_IP,
    /** The IP packet carries something other than TCP or UDP (ICMP, ESP, ...). */
    NOT_TCP_OR_UDP
}
