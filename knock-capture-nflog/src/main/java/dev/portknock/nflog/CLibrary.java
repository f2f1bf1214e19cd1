package dev.portknock.nflog;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The C library's socket calls, bound by JNA direct mapping (a plain JNI call, no proxy or boxing
 * per call). Each throws {@link LastErrorException} with {@code errno} when the call fails. The
 * sizes assume a 64-bit Linux ({@code size_t} and {@code ssize_t} are Java {@code long}s).
 */
final class CLibrary {
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_RCVBUF = 8;
    static final int SO_RCVTIMEO = 20;
    static final int SO_TIMESTAMP = 29;
    static final int SO_RCVBUFFORCE = 33;
    /** recv: return the datagram's real length even when it did not fit the buffer. */
    static final int MSG_TRUNC = 0x20;

    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int EINVAL = 22;
    static final int EPROTONOSUPPORT = 93;
    static final int EAFNOSUPPORT = 97;
    static final int ENOBUFS = 105;

    static {
        Native.register(CLibrary.class, Platform.C_LIBRARY_NAME);
    }

    private CLibrary() {
    }

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    static native int bind(int fd, byte[] address, int length) throws LastErrorException;

    static native int setsockopt(int fd, int level, int name, byte[] value, int length) throws LastErrorException;

    static native long send(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

    static native long recv(int fd, Pointer buffer, long length, int flags) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;
}
