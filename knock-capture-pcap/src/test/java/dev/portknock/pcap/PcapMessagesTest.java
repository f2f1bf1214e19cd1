package dev.portknock.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PcapMessagesTest {
    @Test
    void missingPermissionSaysRootOrCapNetRawWithPcapsText() {
        assertEquals("capturing on network interface 'eth0' needs root or CAP_NET_RAW (e.g. setcap cap_net_raw+ep on the"
                        + " java binary): You don't have permission to perform this capture on that device",
                PcapMessages.activationFailed("eth0", -8, "The user does not have permission",
                        "You don't have permission to perform this capture on that device"));
    }

    @Test
    void missingInterfaceSaysSoAndWhereToLook() {
        assertEquals("no such network interface 'knock0' (list them with 'ip link'): SIOCGIFINDEX: No such device",
                PcapMessages.activationFailed("knock0", -5, "No such device exists", "SIOCGIFINDEX: No such device"));
    }

    @Test
    void interfaceDownSaysHowToBringItUp() {
        assertEquals("network interface 'veth1' is not up (ip link set veth1 up): That device is not up",
                PcapMessages.activationFailed("veth1", -9, "That device is not up", ""));
    }

    @Test
    void anyOtherActivationErrorGivesStatusAndPcapsText() {
        assertEquals("cannot capture on network interface 'eth0': Generic error: socket: Address family not supported",
                PcapMessages.activationFailed("eth0", -1, "Generic error", "socket: Address family not supported"));
        assertEquals("cannot capture on network interface 'eth0': Generic error",
                PcapMessages.activationFailed("eth0", -1, "Generic error", ""));
    }

    @Test
    void anUnreadableFileNamesTheFile() {
        assertEquals("cannot read capture file /tmp/x.pcap: unknown file format",
                PcapMessages.unreadableFile(Path.of("/tmp/x.pcap"), "unknown file format"));
    }

    @Test
    void aMissingLibraryNamesTheDebianPackage() {
        IOException e = assertThrows(IOException.class, () -> Libpcap.load(List.of("portknock-no-such-library")));
        assertTrue(e.getMessage().startsWith(
                "libpcap is not installed (Debian package libpcap0.8: apt-get install libpcap0.8): "), e.getMessage());
        assertTrue(e.getMessage().contains("portknock-no-such-library"), e.getMessage());
    }

    @Test
    void droppedPacketsAreCountedBySourceWithTheRemedy() {
        assertEquals("pcap capture on network interface 'eth0' lost 12 packets since the last report (10 to a full"
                        + " capture buffer, 2 dropped by the interface), 40 in all; knocks may fail: raise the capture"
                        + " option buffer_size",
                PcapMessages.packetsDropped("network interface 'eth0'", new DropMonitor.Warning(10, 2, 40)));
    }
}
