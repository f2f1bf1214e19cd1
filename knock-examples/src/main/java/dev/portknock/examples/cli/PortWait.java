package dev.portknock.examples.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * Connects to a TCP port that a knock is about to open: tries again, each attempt bounded, until
 * the port accepts or the time is up. A closed port answers at once (refused, or unreachable
 * from a firewall's reject rule) and is tried again after a short pause; a firewall that drops
 * makes an attempt wait for its timeout.
 */
final class PortWait {
    /** The longest one attempt waits for an answer to its SYN. */
    static final Duration ATTEMPT = Duration.ofSeconds(1);
    /** The pause after a refused attempt. */
    static final Duration RETRY_PAUSE = Duration.ofMillis(100);

    private PortWait() {
    }

    /** One attempt, waiting at most {@code timeout}; empty when refused, unreachable or unanswered. */
    static Optional<Socket> tryConnect(InetSocketAddress address, Duration timeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(address, (int) Math.max(1, timeout.toMillis()));
            return Optional.of(socket);
        } catch (ConnectException | NoRouteToHostException | SocketTimeoutException e) {
            socket.close();
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Attempts until one connects or {@code limit} has passed since the call; empty when none did. */
    static Optional<Socket> await(InetSocketAddress address, Duration limit) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            long started = System.nanoTime();
            Optional<Socket> socket = tryConnect(address, Duration.ofNanos(Math.min(left, ATTEMPT.toNanos())));
            if (socket.isPresent()) {
                return socket;
            }
            // an attempt refused at once pauses before the next; a timed-out one has waited already
            long pause = RETRY_PAUSE.toNanos() - (System.nanoTime() - started);
            if (pause > 0) {
                try {
                    Thread.sleep(Duration.ofNanos(Math.min(pause, Math.max(0, deadline - System.nanoTime()))).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while waiting for " + address);
                }
            }
        }
    }
}
