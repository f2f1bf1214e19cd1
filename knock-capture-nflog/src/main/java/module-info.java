/**
 * Capture backend over the firewall's own log: an nftables table of its own holds a rule that
 * sends packets to the doors' port ranges to an NFLOG group and drops them, and the packets are
 * read from a netlink socket through JNA and the C library. Registered as the {@code nflog}
 * {@link dev.portknock.spi.CaptureProvider}.
 *
 * <p>JNA is an automatic module (its jar names itself {@code com.sun.jna} in the manifest), hence
 * the suppressed {@code requires-automatic} lint.
 */
@SuppressWarnings("requires-automatic")
module dev.portknock.nflog {
    requires transitive dev.portknock.spi;
    requires com.sun.jna;

    exports dev.portknock.nflog;

    provides dev.portknock.spi.CaptureProvider with dev.portknock.nflog.NflogCaptureProvider;
}
