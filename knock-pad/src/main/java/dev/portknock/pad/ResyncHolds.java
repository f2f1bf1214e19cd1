package dev.portknock.pad;

import java.net.InetAddress;
import java.time.Instant;
import java.util.LinkedHashMap;

/**
 * One pad's first knocks of resyncs (PROTOCOL.md §3.4): a knock whose tags were right for block
 * {@code j} beyond the window is held by its source until it expires; the same source's knock for
 * block {@code j + 1} completes the resync. At most {@code capacity} sources are held, the oldest
 * hold dropped first (each hold needed right tags, so a few suffice). Used under the pad's lock.
 */
final class ResyncHolds {
    /** A held first knock: its block, and until when it waits for the second. */
    private record Held(long block, Instant expires) {
    }

    private final int capacity;
    /** Holds by source, oldest first. */
    private final LinkedHashMap<InetAddress, Held> held = new LinkedHashMap<>();

    ResyncHolds(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
    }

    /** Holds block {@code block} from this source until {@code expires}, in place of its earlier hold. */
    void hold(InetAddress source, long block, Instant expires) {
        held.remove(source);
        held.put(source, new Held(block, expires));
        if (held.size() > capacity) {
            held.remove(held.keySet().iterator().next());
        }
    }

    /**
     * Whether block {@code block} completes a resync from this source: block {@code block - 1} is
     * held for it and has not expired at {@code now}. An expired hold is dropped.
     */
    boolean completes(InetAddress source, long block, Instant now) {
        Held first = held.get(source);
        if (first == null) {
            return false;
        }
        if (!now.isBefore(first.expires())) {
            held.remove(source);
            return false;
        }
        return first.block() == block - 1;
    }

    /** Drops the source's hold (its knock was accepted). */
    void release(InetAddress source) {
        held.remove(source);
    }

    /** How many sources are held now. */
    int size() {
        return held.size();
    }
}
