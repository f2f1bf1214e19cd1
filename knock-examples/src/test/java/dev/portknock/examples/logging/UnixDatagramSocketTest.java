package dev.portknock.examples.logging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixDatagramSocketTest {
    private static final Duration TIMEOUT = Duration.ofMillis(100);

    @TempDir
    Path dir;

    @Test
    void aDatagramArrivesWhole() throws IOException {
        byte[] datagram = {'<', '3', '0', '>', 0, (byte) 0xff, '\n', 'x'};
        try (UnixDatagramReceiver receiver = UnixDatagramReceiver.bind(dir.resolve("log"));
                UnixDatagramSocket socket = UnixDatagramSocket.connect(dir.resolve("log"), TIMEOUT)) {
            socket.send(datagram, true);
            assertArrayEquals(datagram, receiver.receive());
        }
    }

    @Test
    void connectingToAMissingPathFailsWithTheLibcErrorText() {
        IOException e = assertThrows(IOException.class, () -> UnixDatagramSocket.connect(dir.resolve("none"), TIMEOUT));
        assertEquals("No such file or directory", e.getMessage());
    }

    @Test
    void connectingToAFileThatIsNoSocketFailsWithTheLibcErrorText() throws IOException {
        Path file = java.nio.file.Files.writeString(dir.resolve("plain"), "not a socket");
        IOException e = assertThrows(IOException.class, () -> UnixDatagramSocket.connect(file, TIMEOUT));
        assertEquals("Connection refused", e.getMessage());
    }

    @Test
    void aPathLongerThanASocketAddressHoldsIsRefused() {
        Path path = Path.of("/" + "p".repeat(107));
        IOException e = assertThrows(IOException.class, () -> UnixDatagramSocket.connect(path, TIMEOUT));
        assertEquals("the path is 108 bytes, longer than the 107 a unix socket address holds", e.getMessage());
    }

    @Test
    void aPathOfTheLongestLengthFits() throws IOException {
        assertEquals(110, UnixDatagramSocket.sockaddr(Path.of("/" + "p".repeat(106))).length);
    }

    @Test
    void sendingToAReceiverThatHasGoneIsRefused() throws IOException {
        UnixDatagramReceiver receiver = UnixDatagramReceiver.bind(dir.resolve("log"));
        try (UnixDatagramSocket socket = UnixDatagramSocket.connect(dir.resolve("log"), TIMEOUT)) {
            receiver.close();
            IOException e = assertThrows(IOException.class, () -> socket.send(new byte[] {'x'}, true));
            assertEquals("Connection refused", e.getMessage());
        }
    }

    @Test
    void aSendThatMayNotWaitFailsOnAFullQueue() throws IOException {
        try (UnixDatagramReceiver receiver = UnixDatagramReceiver.bind(dir.resolve("log"));
                UnixDatagramSocket socket = UnixDatagramSocket.connect(dir.resolve("log"), TIMEOUT)) {
            assertEquals("Resource temporarily unavailable", fill(socket).getMessage());
            assertEquals(1024, receiver.receive().length, "what was sent before is queued");
        }
    }

    @Test
    void aSendThatWaitsGivesUpAfterTheTimeoutOnAQueueThatStaysFull() throws IOException {
        try (UnixDatagramReceiver receiver = UnixDatagramReceiver.bind(dir.resolve("log"));
                UnixDatagramSocket socket = UnixDatagramSocket.connect(dir.resolve("log"), TIMEOUT)) {
            fill(socket);
            IOException e = assertThrows(IOException.class, () -> socket.send(new byte[] {'x'}, true));
            assertEquals("Resource temporarily unavailable", e.getMessage());
            assertEquals(1024, receiver.receive().length, "what was sent before is queued");
        }
    }

    /** Sends without waiting until the receiver's queue is full; the failure that says so. */
    private static IOException fill(UnixDatagramSocket socket) {
        byte[] datagram = new byte[1024];
        for (int sent = 0; sent < 1_000_000; sent++) {
            try {
                socket.send(datagram, false);
            } catch (IOException e) {
                return e;
            }
        }
        throw new AssertionError("the queue never filled");
    }
}
