package dev.portknock.examples.systemd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MonotonicClockTest {
    /**
     * HotSpot's {@code System.nanoTime()} reads {@code CLOCK_MONOTONIC} on Linux, which lets the
     * test tell it from the wall clock (decades away) or the boot-time clock (which counts suspends).
     */
    @Test
    void readsTheClockSystemNanoTimeReadsOnLinux() {
        long before = System.nanoTime() / 1_000L;
        long micros = MonotonicClock.micros();
        long after = System.nanoTime() / 1_000L;
        assertTrue(before <= micros && micros <= after, before + " <= " + micros + " <= " + after);
    }
}
