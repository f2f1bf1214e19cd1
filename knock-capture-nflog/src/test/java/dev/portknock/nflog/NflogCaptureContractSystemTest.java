package dev.portknock.nflog;

import dev.portknock.core.PortRange;
import dev.portknock.core.TcpFlagFilter;
import dev.portknock.core.Transport;
import dev.portknock.spi.CaptureSpec;
import dev.portknock.testkit.CaptureSourceContract;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;

/**
 * The SPI's capture contract for a live nflog capture on loopback (root or CAP_NET_ADMIN, nft).
 * Its ports and group are its own, so the loopback rule it installs for the length of a test
 * touches nothing another test uses.
 */
@Tag("system")
class NflogCaptureContractSystemTest extends CaptureSourceContract<NflogCaptureSource> {
    /** A group of this test run's own: 50000 and up, by process id. */
    private static final int GROUP = 50_000 + (int) (ProcessHandle.current().pid() % 15_000);

    @Override
    protected CaptureSpec spec() {
        CaptureSpec loopback = super.spec();
        return new CaptureSpec(List.of(new PortRange(30961, 30964, Transport.UDP, TcpFlagFilter.ANY)),
                Optional.empty(), loopback.listenAddress(), Optional.empty(), loopback.clock(),
                Map.of(NflogOptions.GROUP, Integer.toString(GROUP)));
    }

    @Override
    protected NflogCaptureSource createSource(CaptureSpec spec) {
        return new NflogCaptureProvider().open(spec);
    }

    /** A UDP datagram to the loopback address; the rule logs it at the input hook and drops it. */
    @Override
    protected void send(NflogCaptureSource source, PortRange range, int port) throws IOException {
        InetAddress loopback = spec().listenAddress().orElseThrow();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            socket.send(new DatagramPacket(new byte[] {1}, 1, loopback, port));
        }
    }
}
