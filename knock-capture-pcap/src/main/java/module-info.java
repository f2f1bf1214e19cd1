/**
 * Capture backend over the system libpcap (Debian {@code libpcap0.8}), reached through JNA: live
 * capture on a named interface with a BPF filter built from the doors' port ranges, and replay of
 * recorded capture files. Registered as the {@code pcap} {@link dev.portknock.spi.CaptureProvider}.
 *
 * <p>JNA is an automatic module (its jar names itself {@code com.sun.jna} in the manifest), hence
 * the suppressed {@code requires-automatic} lint.
 */
@SuppressWarnings("requires-automatic")
module dev.portknock.pcap {
    requires transitive dev.portknock.spi;
    requires com.sun.jna;

    exports dev.portknock.pcap;

    provides dev.portknock.spi.CaptureProvider with dev.portknock.pcap.PcapCaptureProvider;
}
