package dev.portknock.pcap;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The C library calls the batched capture makes, bound by JNA direct mapping (plain JNI calls,
 * no proxy): a memory stream for libpcap's savefile writer to write batches into, and
 * {@code poll} to wait for the capture socket. Registered by {@link Libpcap#load()}.
 */
final class Libc {
    /** {@code struct pollfd} events: data to read. */
    static final short POLLIN = 0x0001;
    /** {@code errno} when a signal interrupted a call. */
    static final int EINTR = 4;

    private Libc() {
    }

    /** Binds the native methods to the process's C library. */
    static void register() {
        Native.register(Libc.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    /** {@code fmemopen}: a {@code FILE *} writing into {@code size} bytes at {@code buffer}, or null. */
    static native Pointer fmemopen(Pointer buffer, NativeLong size, String mode);

    /** {@code rewind}: the next write goes to the start of the stream again. */
    static native void rewind(Pointer file);

    /** {@code fclose}. */
    static native int fclose(Pointer file);

    /** {@code poll} on {@code count} {@code struct pollfd}s at {@code descriptors}. */
    static native int poll(Pointer descriptors, NativeLong count, int timeoutMillis);
}
