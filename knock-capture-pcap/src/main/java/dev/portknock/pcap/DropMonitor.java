package dev.portknock.pcap;

import java.util.Objects;
import java.util.Optional;

/**
 * Turns successive {@link PcapCounters} readings into running drop totals that survive the
 * counters' 32-bit wrap, and decides when a warning is due: at the first drop, then at most once
 * per interval, each warning carrying the drops since the previous one. Not thread-safe: the
 * capture thread owns it. Times are {@link System#nanoTime()} values, passed in.
 */
final class DropMonitor {
    /**
     * Drops since the previous warning, and in all.
     *
     * @param bufferDrops packets lost to a full capture buffer since the previous warning
     * @param interfaceDrops packets the interface dropped since the previous warning
     * @param total packets lost either way since the capture started
     */
    record Warning(long bufferDrops, long interfaceDrops, long total) {
    }

    private final long intervalNanos;
    private PcapCounters last = new PcapCounters(0, 0, 0);
    private long total;
    private long unreportedBuffer;
    private long unreportedInterface;
    private boolean warnedBefore;
    private long lastWarningNanos;

    /** @param intervalNanos the least time between two warnings */
    DropMonitor(long intervalNanos) {
        if (intervalNanos <= 0) {
            throw new IllegalArgumentException("warning interval must be positive");
        }
        this.intervalNanos = intervalNanos;
    }

    /**
     * Takes a new reading.
     *
     * @return a warning when drops are unreported and none was given within the interval
     */
    Optional<Warning> update(long nowNanos, PcapCounters current) {
        Objects.requireNonNull(current, "current");
        long buffer = grown(last.dropped(), current.dropped());
        long iface = grown(last.interfaceDropped(), current.interfaceDropped());
        last = current;
        total += buffer + iface;
        unreportedBuffer += buffer;
        unreportedInterface += iface;
        if (warnedBefore && nowNanos - lastWarningNanos < intervalNanos) {
            return Optional.empty();
        }
        return flush(nowNanos);
    }

    /** A warning for any drops not yet reported, regardless of the interval (for the capture's end). */
    Optional<Warning> flush(long nowNanos) {
        if (unreportedBuffer == 0 && unreportedInterface == 0) {
            return Optional.empty();
        }
        Warning warning = new Warning(unreportedBuffer, unreportedInterface, total);
        unreportedBuffer = 0;
        unreportedInterface = 0;
        warnedBefore = true;
        lastWarningNanos = nowNanos;
        return Optional.of(warning);
    }

    /** Packets lost to a full buffer or by the interface since the first reading. */
    long total() {
        return total;
    }

    /** How much a wrapping 32-bit counter grew from one reading to the next. */
    private static long grown(long before, long after) {
        return (after - before) & PcapCounters.MAX;
    }
}
