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
import java.util.function.LongSupplier;

/**
 * Sends the packets of one knock: an empty UDP datagram, or a TCP SYN by a non-blocking connect
 * that is abandoned at once (no data, no handshake awaited), to each port in order, with a pause
 * between packets so that they arrive in order. The pause also lies between one knock's last
 * packet and the next knock's first, and knocks sent from several threads go one after the other:
 * the server reads a source's packets as one sequence, so two knocks sent together would arrive
 * mixed (or, through a udp-socket capture, the next knock's first packet before the last one's
 * last) and both fail.
 */
final class PortSender {
    /** Waits a number of nanoseconds; {@link Thread#sleep} outside tests. */
    @FunctionalInterface
    interface Sleep {
        void nanos(long nanos) throws InterruptedException;
    }

    private final Duration pacing;
    private final Optional<InetAddress> bindAddress;
    private final LongSupplier nanoTime;
    private final Sleep sleep;
    /** Whether a packet was sent yet, and when the last one was ({@link #nanoTime}). */
    private boolean sentAny;
    private long lastPacket;

    /**
     * @param pacing pause between two packets
     * @param bindAddress local address to send from; empty lets the system choose
     */
    PortSender(Duration pacing, Optional<InetAddress> bindAddress) {
        this(pacing, bindAddress, System::nanoTime,
                nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    /** As {@link #PortSender(Duration, Optional)}, with the monotonic clock and the wait a test gives. */
    PortSender(Duration pacing, Optional<InetAddress> bindAddress, LongSupplier nanoTime, Sleep sleep) {
        if (pacing.isNegative()) {
            throw new IllegalArgumentException("pacing must not be negative: " + pacing);
        }
        this.pacing = pacing;
        this.bindAddress = bindAddress;
        this.nanoTime = nanoTime;
        this.sleep = sleep;
    }

    /** Sends one packet to each port of {@code host}, in order, each the pacing after the packet before. */
    synchronized void send(InetAddress host, List<KnockPort> ports) throws IOException {
        try (DatagramChannel udp = DatagramChannel.open()) {
            if (bindAddress.isPresent()) {
                udp.bind(new InetSocketAddress(bindAddress.get(), 0));
            }
            for (KnockPort port : ports) {
                awaitPacing();
                InetSocketAddress target = new InetSocketAddress(host, port.port());
                if (port.transport() == Transport.UDP) {
                    udp.send(ByteBuffer.allocate(0), target);
                } else {
                    sendSyn(target);
                }
                sentAny = true;
                lastPacket = nanoTime.getAsLong();
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

    /** Waits until the pacing has passed since the last packet this sender sent, if any. */
    private void awaitPacing() throws IOException {
        if (!sentAny) {
            return;
        }
        long wait = lastPacket + pacing.toNanos() - nanoTime.getAsLong();
        if (wait <= 0) {
            return;
        }
        try {
            sleep.nanos(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending a knock", e);
        }
    }
}
