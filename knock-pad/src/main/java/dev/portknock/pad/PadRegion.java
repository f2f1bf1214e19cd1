package dev.portknock.pad;

import dev.portknock.core.OneTimeScheme;
import dev.portknock.core.Profile;

/**
 * Where a knock may lie in a pad (PROTOCOL.md §3.4): the region around the cursor {@code C},
 * {@code B} blocks behind it, the window {@code [C, C+W)} and up to the resync horizon
 * {@code C+H}, each cut at the pad's end, and the blocks of it a knock's hint names. A raw door's
 * region is its window ({@link OneTimeScheme#recognisesOutsideWindow()}).
 */
final class PadRegion {
    private final OneTimeScheme scheme;
    private final long window;
    /** B: blocks behind the cursor in the region (0 for raw). */
    private final long lookBehind;
    /** H: the region ends at {@code C + H} ({@code W} for raw, which has no resync). */
    private final long horizon;

    /**
     * The region of a door with this scheme.
     *
     * @param horizon H, used when the scheme looks beyond the window
     */
    PadRegion(OneTimeScheme scheme, long horizon) {
        Profile profile = scheme.profile();
        this.scheme = scheme;
        this.window = profile.window();
        boolean outside = scheme.recognisesOutsideWindow();
        this.horizon = outside ? horizon : window;
        this.lookBehind = outside ? Math.min(window, profile.radix() - horizon) : 0;
    }

    OneTimeScheme scheme() {
        return scheme;
    }

    /** The end (exclusive) of the window at {@code cursor}: W blocks, or fewer at the pad's end. */
    long windowEnd(PadEntry entry, long cursor) {
        return Math.min(cursor + window, entry.knocks);
    }

    /** The first block of the region at {@code cursor}: B blocks behind it, or fewer at the pad's start and end. */
    long start(PadEntry entry, long cursor) {
        return Math.min(Math.max(0, cursor - lookBehind), entry.knocks);
    }

    /** The end (exclusive) of the region at {@code cursor}: the horizon, or fewer at the pad's end. */
    long end(PadEntry entry, long cursor) {
        return Math.min(cursor + horizon, entry.knocks);
    }

    /** The first block in {@code [from, end)} a knock with this hint could be, or {@code end} ({@link OneTimeScheme#nextCandidate}). */
    long nextCandidate(PadEntry entry, long from, long end, long hint) {
        return scheme.nextCandidate(from, end, entry.hintOffset, hint, entry.pad);
    }

    /** The digit block {@code j}'s knock starts with: its key in the index. */
    int keyOf(PadEntry entry, long knockIndex) {
        return scheme.firstDigitOf(knockIndex, entry.hintOffset, entry.pad);
    }

    /** Whether a block of {@code [from, to)} is filed under {@code key}. */
    boolean holdsKey(PadEntry entry, long from, long to, int key) {
        return scheme.startsWithin(from, to, key, entry.hintOffset, entry.pad);
    }

    /**
     * Whether the hint names a block of the pad's region at its cursor, by arithmetic alone and
     * without the pad's lock; always true where the blocks are found by reading the pad (raw: the
     * index is exact for their first digit). The check under the lock decides; this only spares
     * the pads a two-digit hint's high digit shares with the knock's own.
     */
    boolean mayName(PadEntry entry, long hint) {
        if (!scheme.locatesByArithmetic()) {
            return true;
        }
        long cursor = entry.cursor;
        long end = end(entry, cursor);
        return nextCandidate(entry, start(entry, cursor), end, hint) < end;
    }
}
