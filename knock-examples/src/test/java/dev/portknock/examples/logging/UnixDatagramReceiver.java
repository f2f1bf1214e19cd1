package dev.portknock.examples.logging;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * A bound unix datagram socket standing in for a syslog daemon's {@code /dev/log}. Closing it
 * closes the descriptor and deletes the socket file, as a stopped daemon leaves things. Public for
 * the command line's tests of {@code UseSyslog}.
 */
public final class UnixDatagramReceiver implements AutoCloseable {
    private static final int SO_RCVTIMEO = 20;
    private static final int EAGAIN = 11;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private interface LibC extends Library {
        LibC INSTANCE = Native.load(Platform.C_LIBRARY_NAME, LibC.class);

        int socket(int domain, int type, int protocol) throws LastErrorException;

        int bind(int fd, byte[] address, int length) throws LastErrorException;

        int setsockopt(int fd, int level, int name, byte[] value, int length) throws LastErrorException;

        NativeLong recv(int fd, byte[] buffer, NativeLong length, int flags) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    /** The socket file, deleted at close; none for an abstract name. */
    private final Optional<Path> path;
    private final String name;
    private final Duration timeout;
    private final int fd;
    private boolean closed;

    private UnixDatagramReceiver(Optional<Path> path, String name, Duration timeout, int fd) {
        this.path = path;
        this.name = name;
        this.timeout = timeout;
        this.fd = fd;
    }

    /** Binds a socket at {@code path}; {@link #receive()} waits up to five seconds for a datagram. */
    public static UnixDatagramReceiver bind(Path path) throws IOException {
        return bind(path, DEFAULT_TIMEOUT);
    }

    /** Binds a socket at {@code path}; {@link #receive()} waits up to {@code timeout} for a datagram. */
    public static UnixDatagramReceiver bind(Path path, Duration timeout) throws IOException {
        return bind(UnixDatagramSocket.sockaddr(path), Optional.of(path), path.toString(), timeout);
    }

    /** Binds a socket at {@code name} of the abstract namespace; it has no file. */
    public static UnixDatagramReceiver bindAbstract(String name) throws IOException {
        return bind(UnixDatagramSocket.abstractSockaddr(name.getBytes(StandardCharsets.UTF_8)), Optional.empty(),
                "@" + name, DEFAULT_TIMEOUT);
    }

    private static UnixDatagramReceiver bind(byte[] address, Optional<Path> path, String name, Duration timeout)
            throws IOException {
        int fd = LibC.INSTANCE.socket(UnixDatagramSocket.AF_UNIX,
                UnixDatagramSocket.SOCK_DGRAM | UnixDatagramSocket.SOCK_CLOEXEC, 0);
        UnixDatagramReceiver receiver = new UnixDatagramReceiver(path, name, timeout, fd);
        try {
            byte[] value = UnixDatagramSocket.timeval(timeout);
            LibC.INSTANCE.setsockopt(fd, UnixDatagramSocket.SOL_SOCKET, SO_RCVTIMEO, value, value.length);
            LibC.INSTANCE.bind(fd, address, address.length);
            return receiver;
        } catch (LastErrorException e) {
            receiver.close();
            throw new IOException("cannot bind " + name + ": " + UnixDatagramSocket.describe(e.getErrorCode()), e);
        }
    }

    /** The next datagram's bytes. */
    public byte[] receive() {
        byte[] buffer = new byte[65_536];
        while (true) {
            try {
                int length = LibC.INSTANCE.recv(fd, buffer, new NativeLong(buffer.length), 0).intValue();
                return Arrays.copyOf(buffer, length);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EAGAIN) {
                    throw new AssertionError("no datagram at " + name + " within " + timeout, e);
                }
                if (e.getErrorCode() != UnixDatagramSocket.EINTR) {
                    throw new AssertionError("recv failed: " + UnixDatagramSocket.describe(e.getErrorCode()), e);
                }
            }
        }
    }

    /** The next datagram, decoded as UTF-8. */
    public String receiveText() {
        return new String(receive(), StandardCharsets.UTF_8);
    }

    /** Closes the socket and deletes its file, if it has one. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            LibC.INSTANCE.close(fd);
            if (path.isPresent()) {
                Files.deleteIfExists(path.get());
            }
        }
    }
}
