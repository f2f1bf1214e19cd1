package dev.portknock.examples.systemd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@code CLOCK_MONOTONIC} in microseconds, read with clock_gettime(2) through JNA: the clock
 * systemd's {@code MONOTONIC_USEC=} refers to. {@code System.nanoTime()} happens to read it on
 * Linux, but its specification promises no particular clock.
 */
final class MonotonicClock {
    private static final int CLOCK_MONOTONIC = 1;

    private interface LibC extends Library {
        LibC INSTANCE = Native.load(Platform.C_LIBRARY_NAME, LibC.class);

        int clock_gettime(int clock, byte[] timespec) throws LastErrorException;
    }

    private MonotonicClock() {
    }

    /** Now, in microseconds of {@code CLOCK_MONOTONIC}. */
    static long micros() {
        // struct timespec: seconds and nanoseconds, each a native long
        byte[] timespec = new byte[2 * Native.LONG_SIZE];
        LibC.INSTANCE.clock_gettime(CLOCK_MONOTONIC, timespec);
        ByteBuffer value = ByteBuffer.wrap(timespec).order(ByteOrder.nativeOrder());
        long seconds = Native.LONG_SIZE == Long.BYTES ? value.getLong() : value.getInt();
        long nanos = Native.LONG_SIZE == Long.BYTES ? value.getLong() : value.getInt();
        return seconds * 1_000_000L + nanos / 1_000L;
    }
}
