package dev.portknock.nflog;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import dev.portknock.core.PacketEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A {@code NETLINK_NETFILTER} socket bound to one NFLOG group. Receives whole batches, one
 * datagram per call, waiting at most {@link #RECEIVE_TIMEOUT_MILLIS} so its reader can check
 * whether to stop. Asks the kernel to timestamp arriving packets ({@code SO_TIMESTAMP}), which is
 * what gives NFLOG messages their arrival time (the kernel then stamps every packet it receives
 * while the socket is open, as for any socket with that option). Used by one thread at a time.
 */
final class NetlinkSocket implements AutoCloseable {
    /** {@link #receive} found no datagram within the timeout. */
    static final int TIMEOUT = -1;
    /** {@link #receive} found the socket overrun: the kernel dropped datagrams ({@code ENOBUFS}). */
    static final int OVERRUN = -2;
    /** How long one receive waits before it returns {@link #TIMEOUT}. */
    static final int RECEIVE_TIMEOUT_MILLIS = 200;
    /** How long binding waits for the kernel's answer. */
    private static final long ANSWER_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final int BIND_SEQUENCE = 1;

    private final int fd;
    private boolean closed;

    private NetlinkSocket(int fd) {
        this.fd = fd;
    }

    /**
     * Opens the socket with a receive buffer of {@code receiveBufferBytes} (forced past the
     * system's limit, which root may do).
     *
     * @throws IOException when the kernel has no nfnetlink or the socket cannot be set up
     */
    static NetlinkSocket open(int receiveBufferBytes) throws IOException {
        int fd;
        try {
            fd = CLibrary.socket(NflogProtocol.AF_NETLINK, CLibrary.SOCK_RAW | CLibrary.SOCK_CLOEXEC,
                    NflogProtocol.NETLINK_NETFILTER);
        } catch (LastErrorException e) {
            int errno = e.getErrorCode();
            if (errno == CLibrary.EPROTONOSUPPORT || errno == CLibrary.EAFNOSUPPORT) {
                throw new IOException(NflogMessages.noNfnetlink(e.getMessage()), e);
            }
            throw new IOException(NflogMessages.socketFailed(e.getMessage()), e);
        }
        NetlinkSocket socket = new NetlinkSocket(fd);
        try {
            socket.setup(receiveBufferBytes);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private void setup(int receiveBufferBytes) throws IOException {
        try {
            try {
                CLibrary.setsockopt(fd, CLibrary.SOL_SOCKET, CLibrary.SO_RCVBUFFORCE, intValue(receiveBufferBytes), 4);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != CLibrary.EPERM) {
                    throw e;
                }
                // without CAP_NET_ADMIN the system's limit applies; binding will say what is missing
                CLibrary.setsockopt(fd, CLibrary.SOL_SOCKET, CLibrary.SO_RCVBUF, intValue(receiveBufferBytes), 4);
            }
            CLibrary.setsockopt(fd, CLibrary.SOL_SOCKET, CLibrary.SO_TIMESTAMP, intValue(1), 4);
            ByteBuffer timeval = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
            timeval.putLong(0).putLong(TimeUnit.MILLISECONDS.toMicros(RECEIVE_TIMEOUT_MILLIS));
            CLibrary.setsockopt(fd, CLibrary.SOL_SOCKET, CLibrary.SO_RCVTIMEO, timeval.array(), 16);
            // sockaddr_nl: family, padding, port id 0 (the kernel picks one), no multicast groups
            ByteBuffer address = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder());
            address.putShort((short) NflogProtocol.AF_NETLINK).putShort((short) 0).putInt(0).putInt(0);
            CLibrary.bind(fd, address.array(), 12);
        } catch (LastErrorException e) {
            throw new IOException(NflogMessages.socketFailed(e.getMessage()), e);
        }
    }

    private static byte[] intValue(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
    }

    /**
     * Binds the socket to the NFLOG group and configures the group's batching, then waits for the
     * kernel's answer.
     *
     * @param buffer a receive buffer for the answer
     * @throws IOException saying why the kernel refused (permission, group taken, no nfnetlink_log)
     */
    void bindGroup(int group, Memory buffer) throws IOException {
        byte[] request = NflogProtocol.bindRequest(group, BIND_SEQUENCE);
        try {
            CLibrary.send(fd, request, request.length, 0);
        } catch (LastErrorException e) {
            throw new IOException(NflogMessages.bindFailed(group, e.getErrorCode(), Capabilities.hasNetAdmin()), e);
        }
        int[] errno = {-1};
        long deadline = System.nanoTime() + ANSWER_TIMEOUT_NANOS;
        while (errno[0] < 0) {
            if (System.nanoTime() - deadline > 0) {
                throw new IOException(NflogMessages.noAnswer(group));
            }
            int length = receive(buffer);
            if (length <= 0) {
                continue;
            }
            // only the answer matters here: nothing is logged to a group before it is bound
            NflogParser.parse(buffer.getByteBuffer(0, Math.min(length, buffer.size())), Instant::now,
                    new NflogParser.Handler() {
                        @Override
                        public void packet(PacketEvent event) {
                        }

                        @Override
                        public void skipped(SkipReason reason) {
                        }

                        @Override
                        public void sequence(long sequence) {
                        }

                        @Override
                        public void answer(int sequence, int error) {
                            if (sequence == BIND_SEQUENCE) {
                                errno[0] = error;
                            }
                        }
                    });
        }
        if (errno[0] != 0) {
            throw new IOException(NflogMessages.bindFailed(group, errno[0], Capabilities.hasNetAdmin()));
        }
    }

    /**
     * Receives one datagram into the buffer.
     *
     * @return its length, which exceeds the buffer's size when the kernel had to cut it;
     *     {@link #TIMEOUT}; or {@link #OVERRUN}
     * @throws IOException when the socket fails otherwise
     */
    int receive(Memory buffer) throws IOException {
        try {
            long length = CLibrary.recv(fd, buffer, buffer.size(), CLibrary.MSG_TRUNC);
            return (int) Math.min(length, Integer.MAX_VALUE);
        } catch (LastErrorException e) {
            switch (e.getErrorCode()) {
                case CLibrary.EAGAIN:
                case CLibrary.EINTR:
                    return TIMEOUT;
                case CLibrary.ENOBUFS:
                    return OVERRUN;
                default:
                    throw new IOException("netlink receive failed: " + e.getMessage(), e);
            }
        }
    }

    /** Closes the socket; the kernel then unbinds its group. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            CLibrary.close(fd);
        } catch (LastErrorException e) {
            // a close that fails has still released the descriptor on Linux; nothing to retry
            System.getLogger(NetlinkSocket.class.getName()).log(System.Logger.Level.DEBUG,
                    "closing the netlink socket: {0}", e.getMessage());
        }
    }
}
