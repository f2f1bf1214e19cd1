package dev.portknock.pad;

import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One pad of a door as its verifier holds it: the pad, how it is named and what it may open, its
 * cached server state, the region of it filed in the {@link WindowIndex}, its unsaved failures
 * and held resyncs. The fields that are neither final nor volatile are used under {@link #lock};
 * a knock is checked against the pad under it, so verification is serialized per pad.
 */
final class PadEntry {
    /** The pad's position among the door's pads: the order of candidates in a bucket. */
    final int ordinal;
    final Pad pad;
    /** Knocks the pad holds under the door's profile. */
    final long knocks;
    /** The pad's hint offset {@code o} (PROTOCOL.md §3.3; 0 with one hint digit and for raw). */
    final long hintOffset;
    /** The pad's label, for outcomes. */
    final String label;
    /** How log lines name the pad: its label, with its id when the label is not the id's text. */
    final String name;
    /** The values the restricted command digit may take for this pad: the door's, or fewer. */
    final int[] allowedValues;
    /** A pad the door no longer serves: its knocks are recognised and refused; it consumes nothing. */
    final boolean revoked;
    final ReentrantLock lock = new ReentrantLock();
    /** A candidate block's digits, used under the lock and zeroed after each use. */
    final int[] block;
    final UnsavedFailures failures = new UnsavedFailures();
    final ResyncHolds resyncs;
    volatile PadState state;
    /**
     * The cursor of {@link #state}, kept beside it so that filtering a bucket's pads by a knock's
     * hint reads the entries alone (with thousands of pads, each read of another object is a
     * likely cache miss).
     */
    volatile long cursor;
    /** The region filed in the index: blocks {@code [indexedFrom, indexedTo)}. */
    long indexedFrom;
    long indexedTo;
    /** A lower cursor the store was last found holding, reported once until it changes; -1 when none. */
    long refusedCursor = -1;
    /**
     * The update the store has prepared for the pad's next block ({@link PadStateStore#prepare}):
     * the cached state with the cursor one further; null when none was prepared since the last one.
     */
    PadState prepared;
    /** When a knock was accepted through the prepared update, whose time of use is not stored yet; null when none. */
    Instant unsavedUse;

    PadEntry(int ordinal, Pad pad, PadState state, String label, boolean revoked, int[] allowedValues,
             int blockDigits, long hintOffset, int resyncCapacity) {
        this.ordinal = ordinal;
        this.pad = pad;
        this.knocks = pad.digitCount() / blockDigits;
        this.hintOffset = hintOffset;
        this.label = label;
        this.name = label.equals(pad.id().toString()) ? label : label + " (pad " + pad.id() + ")";
        this.allowedValues = allowedValues;
        this.revoked = revoked;
        this.block = new int[blockDigits];
        this.resyncs = new ResyncHolds(resyncCapacity);
        this.state = state;
        this.cursor = state.cursor();
    }

    /** Whether the pad is served and has knocks left at the cursor held now. */
    boolean live() {
        return !revoked && state.cursor() < knocks;
    }
}
