package dev.portknock.runtime.backend;

import dev.portknock.core.PortRange;
import dev.portknock.core.TcpFlagFilter;
import dev.portknock.core.Transport;
import dev.portknock.spi.CaptureSource;
import dev.portknock.spi.CaptureSpec;
import dev.portknock.testkit.CaptureSourceContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SPI's capture source contract, for the udp-socket capture on loopback ports found free. */
class UdpSocketCaptureContractTest extends CaptureSourceContract<CaptureSource> {
    private CaptureSpec spec;

    @Override
    protected CaptureSpec spec() {
        if (spec == null) {
            try {
                int first = FreeUdpPorts.find(4);
                spec = new CaptureSpec(List.of(new PortRange(first, first + 3, Transport.UDP, TcpFlagFilter.ANY)),
                        Optional.empty(), Optional.of(InetAddress.getByName("127.0.0.1")), Optional.empty(),
                        Clock.systemUTC(), Map.of());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return spec;
    }

    @Override
    protected CaptureSource createSource(CaptureSpec spec) {
        return new UdpSocketCaptureProvider().open(spec);
    }

    @Override
    protected void send(CaptureSource source, PortRange range, int port) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            byte[] payload = {0};
            socket.send(new DatagramPacket(payload, 1, InetAddress.getByName("127.0.0.1"), port));
        }
    }
}
