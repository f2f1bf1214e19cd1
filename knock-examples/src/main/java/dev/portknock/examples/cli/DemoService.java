package dev.portknock.examples.cli;

import dev.portknock.spi.Launch;
import dev.portknock.spi.LaunchRequest;
import dev.portknock.spi.Launcher;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * The demo's protected service: a tiny TCP service on a loopback port that a knock opens. Starting
 * it binds a server socket on the port and answers every connection with a greeting; stopping it
 * closes the socket, so connections are refused again.
 */
final class DemoService implements Launcher {
    /** What a connection to the open service reads. */
    static final String GREETING = "hello from the demo service";

    private final InetAddress address;
    private final int port;

    /** A service on {@code address:port}, closed until a launch opens it. */
    DemoService(InetAddress address, int port) {
        this.address = address;
        this.port = port;
    }

    @Override
    public Launch start(LaunchRequest request) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, port));
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        Thread acceptor = new Thread(() -> serve(socket), "demo-service-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
        return () -> {
            socket.close();
            try {
                acceptor.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while stopping the demo service", e);
            }
        };
    }

    private static void serve(ServerSocket socket) {
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept(); OutputStream out = connection.getOutputStream()) {
                out.write((GREETING + "\n").getBytes(StandardCharsets.US_ASCII));
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                // one failed connection does not stop the service
            }
        }
    }
}
