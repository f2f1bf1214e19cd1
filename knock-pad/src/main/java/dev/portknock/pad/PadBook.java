package dev.portknock.pad;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A door's pads and their server cursors: which are served, revoked, exhausted or running low,
 * and the rule that a cursor never moves back. Consuming a block (compare-and-set in the store,
 * then the cached state and the index follow) and adopting a state read from the store happen
 * here, under the pad's lock.
 */
final class PadBook {
    /** The verifier's parts log as the verifier: operators read one logger. */
    private static final Logger LOG = LoggerFactory.getLogger(DoorVerifier.class);

    /** The served pads in the order given, then the revoked ones. */
    private final List<PadEntry> entries;
    private final PadStateStore store;
    private final WindowIndex index;
    private final long lowWater;
    private final AtomicInteger livePads = new AtomicInteger();
    /** Pads whose accepted knocks are not yet {@linkplain #settle() settled}, in the order accepted. */
    private final Queue<PadEntry> unsettled = new ConcurrentLinkedQueue<>();

    PadBook(List<PadEntry> entries, PadStateStore store, WindowIndex index, long lowWater) {
        this.entries = List.copyOf(entries);
        this.store = store;
        this.index = index;
        this.lowWater = lowWater;
        for (PadEntry entry : this.entries) {
            if (entry.live()) {
                livePads.incrementAndGet();
            }
        }
    }

    /** Every pad, served ones first in the order given, then the revoked ones. */
    List<PadEntry> entries() {
        return entries;
    }

    /** Whether no served pad has a knock left. */
    boolean exhausted() {
        return livePads.get() == 0;
    }

    /** The outcome of a knock on a door whose pads are all used up, naming its first pad. */
    Verification.Exhausted exhaustedFor(InetAddress source) {
        PadEntry first = entries.get(0);
        if (LOG.isWarnEnabled()) {
            LOG.warn("door pads exhausted: knock from {} refused, pad {}", source.getHostAddress(), first.name);
        }
        return new Verification.Exhausted(first.pad.id(), first.label);
    }

    /** Every served pad's id, server cursor and knocks, in the order given. */
    List<PadStatus> served() {
        List<PadStatus> statuses = new ArrayList<>(entries.size());
        for (PadEntry entry : entries) {
            if (!entry.revoked) {
                statuses.add(new PadStatus(entry.pad.id(), entry.state.cursor(), entry.knocks));
            }
        }
        return List.copyOf(statuses);
    }

    /** Every pad with its label and the cursor held now, as a verifier that no longer serves it knows it. */
    List<RevokedPad> asRevoked() {
        List<RevokedPad> revoked = new ArrayList<>(entries.size());
        for (PadEntry entry : entries) {
            revoked.add(new RevokedPad(entry.pad, entry.label, entry.state.cursor()));
        }
        return List.copyOf(revoked);
    }

    /**
     * Under the entry's lock: persists the cursor past block {@code j} with compare-and-set, the
     * failures counted since the last save going with it (one write), and returns the acceptance;
     * null when the store moved under us (its state is adopted: the caller checks again).
     *
     * @throws IOException when the store fails, or holds a cursor behind one already seen
     */
    Verification.Accepted consume(PadEntry entry, PadState state, long j, int[] command, InetAddress source,
                                  Instant now, boolean resync) throws IOException {
        long unsaved = entry.failures.count();
        PadState prepared = entry.prepared;
        // used once: any update, made or not, leaves the store's prepared file stale
        entry.prepared = null;
        PadState updated;
        if (unsaved == 0 && prepared != null && prepared.equals(state.movedTo(j + 1))) {
            // the store renames what it wrote ahead; the time of use is stored once the knock was acted on
            updated = prepared;
        } else {
            PadState advanced = state.advancedTo(j + 1, now);
            updated = unsaved == 0 ? advanced : advanced.withFailures(unsaved, now);
        }
        if (!store.compareAndSet(state, updated)) {
            LOG.info("pad {} cursor moved in the store under us; reading it again", entry.name);
            adoptOrFail(entry, store.read(entry.pad.id(), Side.SERVER));
            return null;
        }
        entry.unsavedUse = updated == prepared ? now : null;
        unsettled.add(entry);
        entry.failures.written();
        if (resync) {
            LOG.info("pad {} resynchronised by two consecutive knocks from {}: cursor {} -> {}", entry.name,
                    source.getHostAddress(), state.cursor(), j + 1);
        }
        entry.resyncs.release(source);
        adopt(entry, updated);
        long left = entry.knocks - j - 1;
        boolean low = left < lowWater;
        if (LOG.isInfoEnabled()) {
            LOG.info("pad {} accepted knock {} from {}; {} knocks left", entry.name, j, source.getHostAddress(),
                    left);
        }
        if (low) {
            LOG.warn("pad {} is running low: {} knocks left", entry.name, left);
        }
        return new Verification.Accepted(entry.pad.id(), entry.label, j, command, left, low);
    }

    /**
     * Completes, after the knocks were acted on, what the pads' accepted knocks left to do: stores
     * the time of use of those accepted through a prepared update, and prepares each live pad's
     * next update ({@link PadStateStore#prepare}). Each pad is handled under its lock.
     *
     * @throws IOException when the store fails: that pad's time of use stays in memory (its next
     *     accepted knock stores a later one) and it gets no prepared update; the pads not reached
     *     yet stay queued for the next call
     */
    void settle() throws IOException {
        for (PadEntry entry = unsettled.poll(); entry != null; entry = unsettled.poll()) {
            entry.lock.lock();
            try {
                settle(entry);
            } finally {
                entry.lock.unlock();
            }
        }
    }

    private void settle(PadEntry entry) throws IOException {
        if (entry.unsavedUse != null) {
            PadState state = entry.state;
            PadState used = state.advancedTo(state.cursor(), entry.unsavedUse);
            if (store.compareAndSet(state, used)) {
                adopt(entry, used);
            } else {
                // another gateway moved it meanwhile: its update carries a later time of use
                adoptOrFail(entry, store.read(entry.pad.id(), Side.SERVER));
            }
            entry.unsavedUse = null;
        }
        if (entry.live() && entry.prepared == null) {
            PadState next = entry.state.movedTo(entry.state.cursor() + 1);
            entry.prepared = store.prepare(next) ? next : null;
        }
    }

    /** Under the entry's lock: re-reads the pad's state; true when its cursor moved (adopted: check again). */
    boolean rereadMoved(PadEntry entry, PadState cached) throws IOException {
        PadState read = store.read(entry.pad.id(), Side.SERVER);
        if (read.cursor() == cached.cursor()) {
            return false;
        }
        adoptOrFail(entry, read);
        return true;
    }

    /**
     * Under the entry's lock, for a state read after a failed compare-and-set: adopts it, or fails
     * the knock closed when the store went back behind the cursor already seen.
     */
    void adoptOrFail(PadEntry entry, PadState state) throws IOException {
        if (!adoptIfNotBehind(entry, state)) {
            throw new IOException("pad " + entry.name + ": the state store holds cursor " + state.cursor()
                    + ", behind cursor " + entry.state.cursor() + " already seen; refused");
        }
    }

    /**
     * Under the entry's lock: adopts a state read from the store unless its cursor is behind the
     * one already seen, which is logged at error (once until the stored cursor changes) and refused.
     *
     * @return whether the state was adopted
     */
    boolean adoptIfNotBehind(PadEntry entry, PadState state) {
        long seen = entry.state.cursor();
        if (state.cursor() < seen) {
            if (entry.refusedCursor != state.cursor()) {
                entry.refusedCursor = state.cursor();
                LOG.error("pad {}: the state store holds cursor {}, behind cursor {} already seen; refused, not adopted"
                        + " (a restored backup or a reset record? move the stored cursor forward to at least {})",
                        entry.name, state.cursor(), seen, seen);
            }
            return false;
        }
        entry.refusedCursor = -1;
        adopt(entry, state);
        return true;
    }

    /** Under the entry's lock: takes a state as the entry's and moves its region in the index. */
    private void adopt(PadEntry entry, PadState state) {
        boolean wasLive = entry.state.cursor() < entry.knocks;
        entry.state = state;
        entry.cursor = state.cursor();
        if (wasLive && state.cursor() >= entry.knocks) {
            livePads.decrementAndGet();
            LOG.warn("pad {} is exhausted", entry.name);
        }
        index.move(entry, state.cursor());
    }
}
