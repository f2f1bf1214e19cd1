package dev.portknock.pcap;

import dev.portknock.core.PortRange;
import dev.portknock.spi.CaptureSpec;
import dev.portknock.testkit.CaptureSourceContract;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.Tag;

/** The SPI's capture contract, for a live pcap capture on {@code lo} (root or CAP_NET_RAW). */
@Tag("system")
class PcapCaptureContractSystemTest extends CaptureSourceContract<PcapCaptureSource> {
    @Override
    protected CaptureSpec spec() {
        CaptureSpec loopback = super.spec();
        return new CaptureSpec(loopback.ports(), Optional.of("lo"), loopback.listenAddress(), Optional.empty(),
                loopback.clock(), loopback.options());
    }

    @Override
    protected PcapCaptureSource createSource(CaptureSpec spec) throws IOException {
        return new PcapCaptureProvider().open(spec);
    }

    /** A UDP datagram to the loopback address; nothing needs to listen, pcap sees it on {@code lo}. */
    @Override
    protected void send(PcapCaptureSource source, PortRange range, int port) throws IOException {
        InetAddress loopback = spec().listenAddress().orElseThrow();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            socket.send(new DatagramPacket(new byte[] {1}, 1, loopback, port));
        }
    }
}
