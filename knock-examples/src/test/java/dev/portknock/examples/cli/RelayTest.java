package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The relay between standard input and output and a TCP connection, on loopback. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RelayTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void theEndOfInputHalfClosesSoThePeerCanStillAnswer() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, LOOPBACK)) {
            CompletableFuture<Void> peer = UpperCasingPeer.serve(server);
            Socket socket = new Socket(LOOPBACK, server.getLocalPort());
            ByteArrayOutputStream out = new ByteArrayOutputStream();

            long received = new Relay(socket, new ByteArrayInputStream("hello\n".getBytes(StandardCharsets.UTF_8)), out)
                    .run();

            assertEquals("HELLO\n", out.toString(StandardCharsets.UTF_8));
            assertEquals(6, received);
            peer.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void thePeerClosingEndsTheRelayWhileInputIsStillOpen() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, LOOPBACK);
             PipedOutputStream typing = new PipedOutputStream();
             InputStream in = new PipedInputStream(typing)) {
            CompletableFuture<Void> peer = CompletableFuture.runAsync(() -> {
                try (Socket accepted = server.accept()) {
                    accepted.getOutputStream().write("bye\n".getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Socket socket = new Socket(LOOPBACK, server.getLocalPort());
            ByteArrayOutputStream out = new ByteArrayOutputStream();

            new Relay(socket, in, out).run();

            assertEquals("bye\n", out.toString(StandardCharsets.UTF_8));
            peer.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void inputReachesThePeerAsItIsTyped() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, LOOPBACK);
             PipedOutputStream typing = new PipedOutputStream();
             InputStream in = new PipedInputStream(typing)) {
            CompletableFuture<String> firstLine = CompletableFuture.supplyAsync(() -> {
                try (Socket accepted = server.accept()) {
                    byte[] line = new byte[4];
                    int read = accepted.getInputStream().readNBytes(line, 0, 4);
                    accepted.getOutputStream().write(line, 0, read);
                    return new String(line, 0, read, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(LOOPBACK, server.getLocalPort()));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CompletableFuture<Long> relay = CompletableFuture.supplyAsync(() -> {
                try {
                    return new Relay(socket, in, out).run();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });

            typing.write("ls\n\n".getBytes(StandardCharsets.UTF_8));
            typing.flush();

            assertEquals("ls\n\n", firstLine.get(10, TimeUnit.SECONDS));
            assertEquals(4L, relay.get(10, TimeUnit.SECONDS));
            assertEquals("ls\n\n", out.toString(StandardCharsets.UTF_8));
        }
    }
}
