package dev.portknock.pcap;

import java.nio.file.Path;
import java.util.List;

/** The error messages of this backend: each says what went wrong, where, and what to do. */
final class PcapMessages {
    private PcapMessages() {
    }

    static String notInstalled(List<String> loaderErrors) {
        return "libpcap is not installed (Debian package libpcap0.8: apt-get install libpcap0.8): "
                + String.join("; ", loaderErrors);
    }

    /**
     * Why {@code pcap_activate} failed.
     *
     * @param status its negative return value
     * @param statusText {@code pcap_statustostr(status)}
     * @param pcapError {@code pcap_geterr}, possibly empty
     */
    static String activationFailed(String networkInterface, int status, String statusText, String pcapError) {
        String detail = pcapError.isBlank() ? statusText : pcapError;
        switch (status) {
            case PcapLibrary.ERROR_PERM_DENIED:
                return "capturing on network interface '" + networkInterface
                        + "' needs root or CAP_NET_RAW (e.g. setcap cap_net_raw+ep on the java binary): " + detail;
            case PcapLibrary.ERROR_NO_SUCH_DEVICE:
                return "no such network interface '" + networkInterface + "' (list them with 'ip link'): " + detail;
            case PcapLibrary.ERROR_IFACE_NOT_UP:
                return "network interface '" + networkInterface + "' is not up (ip link set " + networkInterface
                        + " up): " + detail;
            default:
                return "cannot capture on network interface '" + networkInterface + "': " + statusText
                        + (pcapError.isBlank() ? "" : ": " + pcapError);
        }
    }

    static String createFailed(String networkInterface, String pcapError) {
        return "cannot capture on network interface '" + networkInterface + "': " + pcapError;
    }

    static String filterDoesNotCompile(String filter, String pcapError) {
        return "the capture filter does not compile: " + pcapError + "; filter: " + filter;
    }

    static String filterNotSet(String filter, String pcapError) {
        return "cannot set the capture filter: " + pcapError + "; filter: " + filter;
    }

    static String unreadableFile(Path file, String pcapError) {
        return "cannot read capture file " + file + ": " + pcapError;
    }

    static String unsupportedLinkType(String source, int linkType) {
        return source + " has link type " + linkType
                + ", which the pcap backend does not read (it reads Ethernet, Linux cooked SLL and SLL2,"
                + " raw IP and BSD loopback)";
    }

    static String packetsDropped(String source, DropMonitor.Warning warning) {
        return "pcap capture on " + source + " lost " + (warning.bufferDrops() + warning.interfaceDrops())
                + " packets since the last report (" + warning.bufferDrops() + " to a full capture buffer, "
                + warning.interfaceDrops() + " dropped by the interface), " + warning.total()
                + " in all; knocks may fail: raise the capture option buffer_size";
    }

    static String unknownOption(String key) {
        return "unknown pcap capture option '" + key + "'; the pcap backend knows " + PcapOptions.BUFFER_SIZE;
    }

    static String badBufferSize(String value) {
        return "pcap capture option " + PcapOptions.BUFFER_SIZE + wholeBytes(value);
    }

    static String badDefaultBufferSize(String value) {
        return "system property " + PcapOptions.DEFAULT_BUFFER_SIZE_PROPERTY + wholeBytes(value);
    }

    private static String wholeBytes(String value) {
        return " must be a whole number of bytes from " + PcapOptions.MIN_BUFFER_SIZE + " to " + Integer.MAX_VALUE
                + ": '" + value + "'";
    }
}
