package dev.portknock.nflog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NflogMessagesTest {
    @Test
    void aRefusalWithoutCapNetAdminSaysRootOrCapNetAdmin() {
        assertEquals("capturing from nflog group 4242 needs root or CAP_NET_ADMIN (e.g. setcap cap_net_admin+ep on the"
                + " java binary)", NflogMessages.bindFailed(4242, CLibrary.EPERM, false));
    }

    @Test
    void aRefusalWithCapNetAdminMeansAnotherProcessHoldsTheGroup() {
        assertEquals("nflog group 4242 is bound by another process (another knock server, ulogd?): choose another"
                + " group with the nflog capture option group", NflogMessages.bindFailed(4242, CLibrary.EPERM, true));
    }

    @Test
    void aKernelWithoutNfnetlinkLogIsNamedWithTheModule() {
        assertEquals("the kernel has no nfnetlink_log (kernel option CONFIG_NETFILTER_NETLINK_LOG; modprobe"
                + " nfnetlink_log), so nflog group 7 cannot be bound: errno 22",
                NflogMessages.bindFailed(7, CLibrary.EINVAL, true));
    }

    @Test
    void anyOtherRefusalGivesTheErrno() {
        assertEquals("cannot bind nflog group 7: errno 12", NflogMessages.bindFailed(7, 12, true));
    }

    @Test
    void nftDeniedPermissionSaysRootOrCapNetAdmin() {
        assertEquals("nflog capture: nft was denied permission while installing table inet portknock_nflog_7 (it"
                + " needs root or CAP_NET_ADMIN): Error: Could not process rule: Operation not permitted",
                NflogMessages.nftFailed("installing", "inet portknock_nflog_7",
                        "Error: Could not process rule: Operation not permitted"));
    }

    @Test
    void nftWithoutKernelLoggingNamesTheKernelOptions() {
        String output = "Error: Could not process rule: No such file or directory\n"
                + "udp dport 40000 log group 7 drop";
        assertEquals("nflog capture: the kernel cannot log to nflog groups while installing table"
                + " inet portknock_nflog_7 (kernel option CONFIG_NETFILTER_NETLINK_LOG and CONFIG_NFT_LOG; modprobe"
                + " nfnetlink_log): " + output, NflogMessages.nftFailed("installing", "inet portknock_nflog_7", output));
    }

    @Test
    void dropsAreCountedWithTheRemedy() {
        assertEquals("nflog capture on group 7 lost 12 packets since the last report, 40 in all (gaps in the group's"
                + " sequence numbers: the netlink socket overran); knocks may fail: raise the nflog capture option"
                + " buffer_size", NflogMessages.packetsDropped(7, 12, 40));
    }
}
