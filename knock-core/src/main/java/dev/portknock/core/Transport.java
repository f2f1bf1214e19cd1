package dev.portknock.core;

/** The transport a knock packet travels over. */
public enum Transport {
    /** A UDP datagram. */
    UDP,
    /** A TCP segment, normally a SYN (see {@link TcpFlagFilter}). */
    TCP;

    /** The lowercase name used in knockd syntax ({@code udp}, {@code tcp}). */
    public String keyword() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
