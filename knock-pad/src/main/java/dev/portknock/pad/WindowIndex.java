package dev.portknock.pad;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A door's pads by the first digit of the knocks their regions hold ({@link PadRegion#keyOf}):
 * sealed, the hint's high digit (with two hint digits each pad's hints start from its own offset,
 * so a region covers one or two such digits); raw, the block's first digit. A knock's candidates
 * are one lookup by its first digit, then an arithmetic filter by its whole hint
 * ({@link #mayName}), so a knock names its own pad and rarely another however many pads the
 * door holds (two hint digits; with one, fresh pads share hints).
 *
 * <p>Each bucket holds its pads once each, in the order the pads were given. Buckets are replaced,
 * never changed in place, so a knock reads its candidates with one volatile load and no lock or
 * copy; writers (accepts, refreshes: rare) serialize on {@link #writes}.
 */
final class WindowIndex {
    private static final PadEntry[] NO_ENTRIES = new PadEntry[0];

    private final PadRegion region;
    private final AtomicReferenceArray<PadEntry[]> buckets;
    private final Object writes = new Object();

    /** Files every pad's region at its cursor, one bucket array each (filing pad by pad would copy a bucket per pad). */
    WindowIndex(PadRegion region, List<PadEntry> entries) {
        this.region = region;
        int radix = region.scheme().profile().radix();
        List<List<PadEntry>> filed = new ArrayList<>(radix);
        for (int d = 0; d < radix; d++) {
            filed.add(new ArrayList<>(0));
        }
        for (PadEntry entry : entries) {
            long cursor = entry.state.cursor();
            entry.indexedFrom = region.start(entry, cursor);
            entry.indexedTo = region.end(entry, cursor);
            for (long j = entry.indexedFrom; j < entry.indexedTo; j++) {
                List<PadEntry> bucket = filed.get(region.keyOf(entry, j));
                if (bucket.isEmpty() || bucket.get(bucket.size() - 1) != entry) {
                    bucket.add(entry);
                }
            }
        }
        this.buckets = new AtomicReferenceArray<>(radix);
        for (int d = 0; d < radix; d++) {
            buckets.set(d, filed.get(d).toArray(NO_ENTRIES));
        }
    }

    /** The pads whose region holds a block whose knock starts with this digit (a digit of the profile). */
    PadEntry[] bucket(int firstDigit) {
        return buckets.get(firstDigit);
    }

    /** Whether some pad's region holds a block whose knock starts with this digit; false for a digit out of range. */
    boolean opensWith(int firstDigit) {
        return firstDigit >= 0 && firstDigit < buckets.length() && buckets.get(firstDigit).length != 0;
    }

    /** {@link PadRegion#mayName}: the arithmetic filter, without the pad's lock. */
    boolean mayName(PadEntry entry, long hint) {
        return region.mayName(entry, hint);
    }

    /** Whether the hint may name a block of some pad of the bucket. */
    boolean anyMayName(PadEntry[] bucket, long hint) {
        for (PadEntry entry : bucket) {
            if (region.mayName(entry, hint)) {
                return true;
            }
        }
        return false;
    }

    /** The most served (not revoked) pads one bucket holds. A pass over the index. */
    int mostServedPerBucket() {
        int most = 0;
        for (int d = 0; d < buckets.length(); d++) {
            int served = 0;
            for (PadEntry entry : buckets.get(d)) {
                if (!entry.revoked) {
                    served++;
                }
            }
            most = Math.max(most, served);
        }
        return most;
    }

    /**
     * Under the entry's lock: moves the pad's region in the index to the one at {@code cursor}.
     * A bucket holds the pad while any block of the region is filed under its digit, so a digit
     * is dropped only when no block left in the region has it.
     */
    void move(PadEntry entry, long cursor) {
        long from = region.start(entry, cursor);
        long to = region.end(entry, cursor);
        long oldFrom = entry.indexedFrom;
        long oldTo = entry.indexedTo;
        if (from == oldFrom && to == oldTo) {
            return;
        }
        for (long j = oldFrom; j < Math.min(oldTo, from); j++) {
            unfileUnlessHeld(entry, region.keyOf(entry, j), from, to);
        }
        for (long j = Math.max(oldFrom, to); j < oldTo; j++) {
            unfileUnlessHeld(entry, region.keyOf(entry, j), from, to);
        }
        for (long j = from; j < Math.min(to, oldFrom); j++) {
            fileUnlessHeld(entry, region.keyOf(entry, j), oldFrom, oldTo);
        }
        for (long j = Math.max(from, oldTo); j < to; j++) {
            fileUnlessHeld(entry, region.keyOf(entry, j), oldFrom, oldTo);
        }
        entry.indexedFrom = from;
        entry.indexedTo = to;
    }

    /**
     * Files the pad under {@code key} unless the region filed so far, {@code [oldFrom, oldTo)},
     * already holds the key, so that the bucket is already right (sealed: an O(1) check, which
     * spares the accepted knock the bucket's lock and search; a raw region would need a scan).
     */
    private void fileUnlessHeld(PadEntry entry, int key, long oldFrom, long oldTo) {
        if (region.scheme().locatesByArithmetic() && region.holdsKey(entry, oldFrom, oldTo, key)) {
            return;
        }
        file(entry, key);
    }

    private void unfileUnlessHeld(PadEntry entry, int key, long from, long to) {
        if (region.holdsKey(entry, from, to, key)) {
            return;
        }
        synchronized (writes) {
            PadEntry[] bucket = buckets.get(key);
            int at = positionIn(bucket, entry);
            if (at < bucket.length && bucket[at] == entry) {
                PadEntry[] shrunk = bucket.length == 1 ? NO_ENTRIES : new PadEntry[bucket.length - 1];
                System.arraycopy(bucket, 0, shrunk, 0, at);
                System.arraycopy(bucket, at + 1, shrunk, at, bucket.length - at - 1);
                buckets.set(key, shrunk);
            }
        }
    }

    private void file(PadEntry entry, int key) {
        synchronized (writes) {
            PadEntry[] bucket = buckets.get(key);
            int at = positionIn(bucket, entry);
            if (at < bucket.length && bucket[at] == entry) {
                return;
            }
            PadEntry[] grown = new PadEntry[bucket.length + 1];
            System.arraycopy(bucket, 0, grown, 0, at);
            grown[at] = entry;
            System.arraycopy(bucket, at, grown, at + 1, bucket.length - at);
            buckets.set(key, grown);
        }
    }

    /** Where the entry is or belongs in a bucket ordered by the pads' ordinals. */
    private static int positionIn(PadEntry[] bucket, PadEntry entry) {
        int low = 0;
        int high = bucket.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (bucket[middle].ordinal < entry.ordinal) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }
}
