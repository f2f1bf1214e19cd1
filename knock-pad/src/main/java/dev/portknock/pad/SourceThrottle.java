package dev.portknock.pad;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failed verifications counted per source prefix (an IPv4 address, an IPv6 /64), and knocks from a
 * prefix dropped unchecked for the rest of an interval once it has failed {@code limit} times in it
 * (PROTOCOL.md §5).
 *
 * <p>The throttle is keyed by source, not by pad, so that no one can lock a door: garbage from
 * spoofed sources throttles those sources, never the legitimate client's. It is not what keeps
 * forgery out (the tag length is: PROTOCOL.md §3.3); it limits what one network can make the server
 * check. A knock holds a place against its prefix's limit from {@link #admit} to
 * {@link #release}, so knocks verified at once on several threads cannot all pass before any
 * failure is counted.
 *
 * <p>Memory is bounded: at most {@code capacity} prefixes are tracked, the least recently seen
 * forgotten first (an attacker cycling through many sources only evicts its own entries' history).
 * Thread-safe.
 */
final class SourceThrottle {
    /** Per prefix: failures this interval, when the interval ends, and checks still in flight. */
    private static final class Counter {
        Instant intervalEnd = Instant.MIN;
        int failures;
        int inFlight;
    }

    /**
     * An IPv4 address or an IPv6 /64: the prefix one host or one LAN can use freely.
     *
     * <p>Comparable so that a hash flood stays cheap: the sources are the attacker's to choose, and
     * any two /64s whose halves XOR to the same value share a hash code, so a map bucket can be
     * made to hold thousands of them; {@code HashMap} keeps such a bucket as a tree ordered by
     * {@link #compareTo} (logarithmic), where keys it cannot compare would make every lookup scan it.
     */
    record Prefix(boolean ipv6, long bits) implements Comparable<Prefix> {
        static Prefix of(InetAddress source) {
            byte[] address = source.getAddress();
            if (address.length == 4) {
                return new Prefix(false, Integer.toUnsignedLong(ByteBuffer.wrap(address).getInt()));
            }
            return new Prefix(true, ByteBuffer.wrap(address).getLong());
        }

        // written out: a record's generated equals and hashCode spin method handles up on their
        // first call, which a server's first knock made (tens of milliseconds in a fresh JVM)
        @Override
        public boolean equals(Object other) {
            return other instanceof Prefix prefix && ipv6 == prefix.ipv6 && bits == prefix.bits;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(bits) * 31 + Boolean.hashCode(ipv6);
        }

        /** IPv4 before IPv6, then by the prefix's bits as an unsigned number; 0 exactly when equal. */
        @Override
        public int compareTo(Prefix other) {
            return ipv6 != other.ipv6 ? Boolean.compare(ipv6, other.ipv6) : Long.compareUnsigned(bits, other.bits);
        }
    }

    private final int limit;
    private final Duration interval;
    private final int capacity;
    private final LinkedHashMap<Prefix, Counter> counters;

    SourceThrottle(int limit, Duration interval, int capacity) {
        this.limit = limit;
        this.interval = interval;
        this.capacity = capacity;
        this.counters = new LinkedHashMap<>(16, 0.75f, true);
    }

    /**
     * Whether a knock from this source may be checked now; when it may, it holds a place against
     * the prefix's limit until {@link #release}.
     */
    synchronized boolean admit(InetAddress source, Instant now) {
        Prefix prefix = Prefix.of(source);
        Counter counter = counters.get(prefix);
        if (counter == null) {
            counter = new Counter();
            counters.put(prefix, counter);
            evictBeyondCapacity();
        }
        int failures = now.isBefore(counter.intervalEnd) ? counter.failures : 0;
        if (failures + counter.inFlight >= limit) {
            return false;
        }
        counter.inFlight++;
        return true;
    }

    /**
     * Ends an admitted knock's hold; a failed one counts against its prefix.
     *
     * @return true when this failure reached the limit: the prefix is throttled from now on
     */
    synchronized boolean release(InetAddress source, boolean failed, Instant now) {
        Counter counter = counters.get(Prefix.of(source));
        if (counter == null) {
            // evicted while in flight by a flood of other sources: nothing left to count against
            return false;
        }
        counter.inFlight = Math.max(0, counter.inFlight - 1);
        if (!failed) {
            return false;
        }
        if (!now.isBefore(counter.intervalEnd)) {
            counter.intervalEnd = now.plus(interval);
            counter.failures = 0;
        }
        counter.failures++;
        return counter.failures == limit;
    }

    /** The prefixes tracked now (for tests of the memory bound). */
    synchronized int tracked() {
        return counters.size();
    }

    private void evictBeyondCapacity() {
        Iterator<Map.Entry<Prefix, Counter>> eldest = counters.entrySet().iterator();
        while (counters.size() > capacity && eldest.hasNext()) {
            eldest.next();
            eldest.remove();
        }
    }
}
