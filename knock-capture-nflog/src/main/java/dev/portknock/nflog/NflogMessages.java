package dev.portknock.nflog;

/** The error messages of this backend: each says what went wrong, where, and what to do. */
final class NflogMessages {
    private NflogMessages() {
    }

    static String noNfnetlink(String error) {
        return "the kernel has no nfnetlink (kernel option CONFIG_NETFILTER_NETLINK; modprobe nfnetlink): " + error;
    }

    static String socketFailed(String error) {
        return "cannot open a netlink socket for nflog capture: " + error;
    }

    /**
     * Why the kernel refused to bind the group.
     *
     * @param errno the positive error number
     * @param netAdmin whether this process holds {@code CAP_NET_ADMIN}, which tells a missing
     *     permission from a group another process holds (both are {@code EPERM})
     */
    static String bindFailed(int group, int errno, boolean netAdmin) {
        switch (errno) {
            case CLibrary.EPERM:
                return netAdmin
                        ? "nflog group " + group + " is bound by another process (another knock server, ulogd?):"
                                + " choose another group with the nflog capture option " + NflogOptions.GROUP
                        : "capturing from nflog group " + group + " needs root or CAP_NET_ADMIN"
                                + " (e.g. setcap cap_net_admin+ep on the java binary)";
            case CLibrary.ENOENT:
            case CLibrary.EINVAL:
            case CLibrary.EPROTONOSUPPORT:
                return "the kernel has no nfnetlink_log (kernel option CONFIG_NETFILTER_NETLINK_LOG;"
                        + " modprobe nfnetlink_log), so nflog group " + group + " cannot be bound: errno " + errno;
            default:
                return "cannot bind nflog group " + group + ": errno " + errno;
        }
    }

    static String noAnswer(int group) {
        return "the kernel did not answer the request to bind nflog group " + group;
    }

    static String nftMissing(String nft, String error) {
        return "nflog capture: cannot run " + nft + " (install nftables): " + error;
    }

    /** Why {@code nft} failed while doing {@code what} to the table, from its output. */
    static String nftFailed(String what, String table, String output) {
        if (output.contains("Operation not permitted")) {
            return "nflog capture: nft was denied permission while " + what + " table " + table
                    + " (it needs root or CAP_NET_ADMIN): " + output;
        }
        if (output.contains("log") && output.contains("No such file or directory")) {
            return "nflog capture: the kernel cannot log to nflog groups while " + what + " table " + table
                    + " (kernel option CONFIG_NETFILTER_NETLINK_LOG and CONFIG_NFT_LOG; modprobe nfnetlink_log): "
                    + output;
        }
        return "nflog capture: nft failed while " + what + " table " + table + ": " + output;
    }

    static String nftTimedOut(String what, String table, long seconds) {
        return "nflog capture: nft did not finish within " + seconds + " s while " + what + " table " + table;
    }

    static String packetsDropped(int group, long sinceLastReport, long total) {
        return "nflog capture on group " + group + " lost " + sinceLastReport + " packets since the last report, "
                + total + " in all (gaps in the group's sequence numbers: the netlink socket overran); knocks may"
                + " fail: raise the nflog capture option " + NflogOptions.BUFFER_SIZE;
    }

    static String unknownOption(String key) {
        return "unknown nflog capture option '" + key + "'; the nflog backend knows " + NflogOptions.GROUP + " and "
                + NflogOptions.BUFFER_SIZE;
    }

    static String badGroup(String value) {
        return "nflog capture option " + NflogOptions.GROUP + " must be a whole number from 0 to 65535: '" + value + "'";
    }

    static String badBufferSize(String value) {
        return "nflog capture option " + NflogOptions.BUFFER_SIZE + " must be a whole number of bytes from "
                + NflogOptions.MIN_BUFFER_SIZE + " to " + Integer.MAX_VALUE + ": '" + value + "'";
    }

    static String captureFileGiven() {
        return "nflog capture reads the live firewall log; it cannot replay a capture file (use pcap)";
    }

    static String badInterface(String name) {
        return "nflog capture: network interface name must be 1 to 15 letters, digits, '.', '_', '-', '@' or '+': '"
                + name + "'";
    }
}
