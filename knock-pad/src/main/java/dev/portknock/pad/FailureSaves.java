package dev.portknock.pad;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pads' failure statistics, added to the store in batches: a failed knock is counted in
 * memory ({@link UnsavedFailures}) and written at most once per interval per pad, with the next
 * accepted knock's cursor update, at a refresh, or when the server stops, so garbage never costs
 * a durable write each. A crash loses at most the last interval's count, never a cursor.
 */
final class FailureSaves {
    /** The verifier's parts log as the verifier: operators read one logger. */
    private static final Logger LOG = LoggerFactory.getLogger(DoorVerifier.class);

    private final PadStateStore store;
    private final Duration interval;
    private final PadBook book;

    FailureSaves(PadStateStore store, Duration interval, PadBook book) {
        this.store = store;
        this.interval = interval;
        this.book = book;
    }

    /** One more failure in the pad's statistic, saved when due. */
    void count(PadEntry entry, InetAddress source, Instant now) throws IOException {
        entry.lock.lock();
        try {
            entry.failures.add(now);
            if (LOG.isDebugEnabled()) {
                LOG.debug("pad {} rejected knock from {} at cursor {}", entry.name, source.getHostAddress(),
                        entry.state.cursor());
            }
            if (entry.failures.due(now)) {
                save(entry, now);
            }
        } finally {
            entry.lock.unlock();
        }
    }

    /**
     * Adds every served pad's unsaved failures to the store.
     *
     * @throws IOException when the store cannot be written (the counts of the pad it failed on, and
     *     of the pads after it, stay unsaved for a later save)
     */
    void saveAll(Iterable<PadEntry> entries, Instant now) throws IOException {
        for (PadEntry entry : entries) {
            entry.lock.lock();
            try {
                if (!entry.revoked && entry.failures.count() > 0) {
                    save(entry, now);
                }
            } finally {
                entry.lock.unlock();
            }
        }
    }

    /** Under the entry's lock: the pad's state read from the store, its unsaved failures added on the way. */
    PadState readSaving(PadEntry entry, Instant now) throws IOException {
        return entry.failures.count() > 0 ? record(entry, now) : store.read(entry.pad.id(), Side.SERVER);
    }

    /** Under the entry's lock: adds its unsaved failures to the store and adopts the state it returns. */
    private void save(PadEntry entry, Instant now) throws IOException {
        book.adoptIfNotBehind(entry, record(entry, now));
    }

    /**
     * Under the entry's lock: hands its unsaved failures to the store; when the store cannot take
     * them, they stay unsaved for the next save (the statistic loses nothing to a failed write).
     */
    private PadState record(PadEntry entry, Instant now) throws IOException {
        long taken = entry.failures.takeForSave(now, interval);
        try {
            return store.recordFailures(entry.pad.id(), Side.SERVER, taken, entry.failures.last());
        } catch (IOException | RuntimeException e) {
            entry.failures.giveBack(taken);
            throw e;
        }
    }
}
