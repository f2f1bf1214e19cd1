package dev.portknock.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Objects;

/**
 * Joins a connection to a pair of streams, as a {@code ProxyCommand} must (OpenSSH's
 * {@code ssh -W}, {@code nc -N}): what arrives on the input goes to the connection, what arrives
 * from the connection goes to the output, each as soon as it is read. The end of the input only
 * half-closes the connection (the peer reads an end of stream and may still answer); the relay
 * ends when the peer closes its side, after the output has everything the peer sent.
 */
final class Relay {
    private static final int BUFFER = 16 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Relay(Socket socket, InputStream in, OutputStream out) {
        this.socket = Objects.requireNonNull(socket, "socket");
        this.in = Objects.requireNonNull(in, "in");
        this.out = Objects.requireNonNull(out, "out");
    }

    /**
     * Relays until the peer closes its side, then closes the socket; returns the bytes that came
     * from the peer. The input is read by a daemon thread, which a process ends by exiting: a read
     * from a terminal or pipe cannot be interrupted.
     *
     * @throws IOException when the connection fails (reset) or the output cannot be written
     */
    long run() throws IOException {
        Thread upstream = new Thread(this::sendInput, "relay-stdin");
        upstream.setDaemon(true);
        upstream.start();
        try (socket) {
            return copy(socket.getInputStream(), out);
        }
    }

    /** Input to the connection; at the input's end, a half-close so the peer sees it. */
    private void sendInput() {
        try {
            copy(in, socket.getOutputStream());
            socket.shutdownOutput();
        } catch (IOException e) {
            // the connection is gone (reset, or closed by run()); the peer's side reports it
        }
    }

    private static long copy(InputStream from, OutputStream to) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        for (int read = from.read(buffer); read >= 0; read = from.read(buffer)) {
            to.write(buffer, 0, read);
            to.flush();
            total += read;
        }
        return total;
    }
}
