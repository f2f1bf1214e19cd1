package dev.portknock.examples.logging;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A connected {@code AF_UNIX}, {@code SOCK_DGRAM} socket, opened through libc with JNA: Java 17's
 * channels have unix stream sockets only, and {@code /dev/log} and systemd's notification socket
 * take datagrams. Linux only (the constants and the {@code sockaddr_un} layout are Linux's). Not
 * thread-safe: its users ({@link SyslogSender}, the {@code systemd} package's notifier) serialize
 * the calls. Public for that package; this package is not exported.
 */
public final class UnixDatagramSocket implements AutoCloseable {
    /** The longest path a {@code sockaddr_un} holds: {@code sun_path[108]} ends with a NUL. */
    static final int MAX_PATH_BYTES = 107;
    static final int AF_UNIX = 1;
    static final int SOCK_DGRAM = 2;
    /** Launched commands must not inherit the descriptor. */
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int EINTR = 4;
    private static final int SO_SNDTIMEO = 21;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int SOCKADDR_UN_BYTES = 2 + MAX_PATH_BYTES + 1;

    /** The libc calls this class makes; each failure arrives as the errno in a {@link LastErrorException}. */
    private interface LibC extends Library {
        LibC INSTANCE = Native.load(Platform.C_LIBRARY_NAME, LibC.class);

        int socket(int domain, int type, int protocol) throws LastErrorException;

        int connect(int fd, byte[] address, int length) throws LastErrorException;

        int setsockopt(int fd, int level, int name, byte[] value, int length) throws LastErrorException;

        NativeLong send(int fd, byte[] buffer, NativeLong length, int flags) throws LastErrorException;

        int close(int fd) throws LastErrorException;

        String strerror(int errno);
    }

    private final int fd;
    private boolean closed;

    private UnixDatagramSocket(int fd) {
        this.fd = fd;
    }

    /**
     * Opens a socket connected to the datagram socket at {@code path}.
     *
     * @param sendTimeout how long {@link #send} waits for room in a full receive queue
     * @throws IOException the libc error text ("No such file or directory"), or that the path is too long
     */
    static UnixDatagramSocket connect(Path path, Duration sendTimeout) throws IOException {
        return connect(sockaddr(path), sendTimeout);
    }

    /**
     * Opens a socket connected to the datagram socket at a {@code struct sockaddr_un}, all of whose
     * bytes count ({@link #sockaddr(Path)}, {@link #abstractSockaddr(byte[])}).
     *
     * @param sendTimeout how long {@link #send} waits for room in a full receive queue
     * @throws IOException the libc error text ("No such file or directory", "Connection refused")
     */
    public static UnixDatagramSocket connect(byte[] address, Duration sendTimeout) throws IOException {
        int fd;
        try {
            fd = LibC.INSTANCE.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw failure(e);
        }
        UnixDatagramSocket socket = new UnixDatagramSocket(fd);
        try {
            byte[] timeout = timeval(sendTimeout);
            LibC.INSTANCE.setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, timeout, timeout.length);
            LibC.INSTANCE.connect(fd, address, address.length);
            return socket;
        } catch (LastErrorException e) {
            socket.close();
            throw failure(e);
        }
    }

    /**
     * Sends one datagram, whole.
     *
     * @param wait whether to wait (up to the send timeout) while the receiver's queue is full, or fail at once
     * @throws IOException the libc error text ("Connection refused" once the receiver has gone)
     */
    public void send(byte[] datagram, boolean wait) throws IOException {
        while (true) {
            try {
                long sent = LibC.INSTANCE.send(fd, datagram, new NativeLong(datagram.length), wait ? 0 : MSG_DONTWAIT)
                        .longValue();
                if (sent != datagram.length) {
                    throw new IOException("sent " + sent + " of " + datagram.length + " bytes");
                }
                return;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    throw failure(e);
                }
            }
        }
    }

    /** Closes the descriptor; closing again does nothing. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                LibC.INSTANCE.close(fd);
            } catch (LastErrorException e) {
                // Linux releases the descriptor even when close reports an error; nothing is left to undo
            }
        }
    }

    /**
     * The {@code struct sockaddr_un} of a path: {@code sun_family} ({@code AF_UNIX}, a native-order
     * short), then the path's bytes and NUL padding to 108 bytes.
     *
     * @throws IOException if the path does not fit
     */
    public static byte[] sockaddr(Path path) throws IOException {
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length > MAX_PATH_BYTES) {
            throw new IOException("the path is " + name.length + " bytes, longer than the " + MAX_PATH_BYTES
                    + " a unix socket address holds");
        }
        ByteBuffer address = ByteBuffer.allocate(SOCKADDR_UN_BYTES).order(ByteOrder.nativeOrder());
        address.putShort((short) AF_UNIX).put(name);
        return address.array();
    }

    /**
     * The {@code struct sockaddr_un} of a name in Linux's abstract namespace: {@code sun_family},
     * a NUL byte, then the name's bytes and nothing more, since every byte of the address up to its
     * length is part of the name (NUL padding would name another socket).
     *
     * @throws IOException if the name is empty or does not fit
     */
    public static byte[] abstractSockaddr(byte[] name) throws IOException {
        if (name.length == 0 || name.length > MAX_PATH_BYTES) {
            throw new IOException("an abstract socket name is 1 to " + MAX_PATH_BYTES + " bytes, not " + name.length);
        }
        ByteBuffer address = ByteBuffer.allocate(2 + 1 + name.length).order(ByteOrder.nativeOrder());
        address.putShort((short) AF_UNIX).put((byte) 0).put(name);
        return address.array();
    }

    /** A {@code struct timeval}: seconds and microseconds, each a native {@code long}. */
    static byte[] timeval(Duration duration) {
        ByteBuffer value = ByteBuffer.allocate(2 * Native.LONG_SIZE).order(ByteOrder.nativeOrder());
        long seconds = duration.getSeconds();
        long micros = duration.getNano() / 1_000L;
        if (Native.LONG_SIZE == Long.BYTES) {
            value.putLong(seconds).putLong(micros);
        } else {
            value.putInt(Math.toIntExact(seconds)).putInt((int) micros);
        }
        return value.array();
    }

    /** The libc text of an errno: "No such file or directory", not JNA's "errno was 2". */
    static String describe(int errno) {
        return LibC.INSTANCE.strerror(errno);
    }

    private static IOException failure(LastErrorException e) {
        return new IOException(describe(e.getErrorCode()), e);
    }
}
