package dev.portknock.examples.systemd;

import dev.portknock.examples.logging.UnixDatagramSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The socket address {@code NOTIFY_SOCKET} names, as sd_notify(3) reads it: an absolute path of a
 * socket file, or, after {@code @}, a name in Linux's abstract namespace (the {@code @} stands for
 * the address's leading NUL byte). Other forms (systemd's {@code vsock:}) are not supported.
 */
final class NotifyAddress {
    private NotifyAddress() {
    }

    /**
     * The {@code struct sockaddr_un} to send the notifications to.
     *
     * @throws IllegalArgumentException naming the value and why it cannot be used
     */
    static byte[] sockaddr(String notifySocket) {
        try {
            if (notifySocket.startsWith("@")) {
                return UnixDatagramSocket.abstractSockaddr(
                        notifySocket.substring(1).getBytes(StandardCharsets.UTF_8));
            }
            if (!notifySocket.startsWith("/")) {
                throw new IOException("neither an absolute path nor an abstract name (@NAME)");
            }
            return UnixDatagramSocket.sockaddr(Path.of(notifySocket));
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("NOTIFY_SOCKET " + notifySocket + ": " + e.getMessage(), e);
        }
    }
}
