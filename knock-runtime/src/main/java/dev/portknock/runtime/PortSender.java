package dev.portknock.runtime;

import dev.portknock.core.KnockPort;
import dev.portknock.core.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Sends the packets of one knock: an empty UDP datagram, or a TCP SYN by a non-blocking connect
 * that is abandoned at once (no data, no handshake awaited), to each port in order, with a pause
 * between packets so that they arrive in order.
 */
final class PortSender {
    private final Duration pacing;
    private final Optional<InetAddress> bindAddress;

    /**
     * @param pacing pause between two packets
     * @param bindAddress local address to send from; empty lets the system choose
     */
    PortSender(Duration pacing, Optional<InetAddress> bindAddress) {
        if (pacing.isNegative()) {
            throw new IllegalArgumentException("pacing must not be negative: " + pacing);
        }
        this.pacing = pacing;
        this.bindAddress = bindAddress;
    }

    /** Sends one packet to each port of {@code host}, in order. */
    void send(InetAddress host, List<KnockPort> ports) throws IOException {
        try (DatagramChannel udp = DatagramChannel.open()) {
            if (bindAddress.isPresent()) {
                udp.bind(new InetSocketAddress(bindAddress.get(), 0));
            }
            for (int i = 0; i < ports.size(); i++) {
                if (i > 0) {
                    pause();
                }
                KnockPort port = ports.get(i);
                InetSocketAddress target = new InetSocketAddress(host, port.port());
                if (port.transport() == Transport.UDP) {
                    udp.send(ByteBuffer.allocate(0), target);
                } else {
                    sendSyn(target);
                }
            }
        }
    }

    private void sendSyn(InetSocketAddress target) throws IOException {
        try (SocketChannel tcp = SocketChannel.open()) {
            tcp.configureBlocking(false);
            if (bindAddress.isPresent()) {
                tcp.bind(new InetSocketAddress(bindAddress.get(), 0));
            }
            // The SYN leaves during connect(); closing right after abandons the handshake.
            tcp.connect(target);
        }
    }

    private void pause() throws IOException {
        if (pacing.isZero()) {
            return;
        }
        try {
            Thread.sleep(pacing.toMillis(), pacing.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending a knock", e);
        }
    }
}
