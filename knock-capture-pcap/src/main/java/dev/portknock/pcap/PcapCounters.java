package dev.portknock.pcap;

/**
 * One reading of libpcap's {@code struct pcap_stat}, each counter cumulative since activation
 * and read as an unsigned 32-bit value (libpcap's {@code u_int}, which wraps).
 *
 * @param received {@code ps_recv}: packets that passed the filter (on Linux: including those dropped)
 * @param dropped {@code ps_drop}: packets that passed the filter but were dropped because the
 *                capture buffer was full
 * @param interfaceDropped {@code ps_ifdrop}: packets the network interface or its driver dropped,
 *                         before any filter (so possibly packets for no door)
 */
record PcapCounters(long received, long dropped, long interfaceDropped) {
    /** Largest value of a 32-bit counter. */
    static final long MAX = 0xFFFF_FFFFL;

    /** Validates the counters. */
    PcapCounters {
        if (received < 0 || received > MAX || dropped < 0 || dropped > MAX
                || interfaceDropped < 0 || interfaceDropped > MAX) {
            throw new IllegalArgumentException("pcap counters must lie in 0..4294967295");
        }
    }
}
