package dev.portknock.pad;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where cursors and failure counters live, one record per pad per side. Every change is durable
 * when the method returns. Updates are compare-and-set so that several processes (a fleet of
 * gateways sharing a database) can share one pad without ever accepting a block twice.
 *
 * <p>Implementations are thread-safe. The library's stores are {@link FilePadStateStore} and
 * {@link InMemoryPadStateStore}.
 */
public interface PadStateStore {
    /**
     * The state stored for a pad at a side; empty when nothing is stored. A server must tell the
     * two apart: for it a missing state is a lost one, never a fresh pad.
     *
     * @throws IOException when the store cannot be read or holds a broken or foreign record
     */
    Optional<PadState> stored(PadId padId, Side side) throws IOException;

    /**
     * The current state of a pad at a side; {@link PadState#fresh} when none is stored. For a
     * client, whose missing state means a pad it has not used yet; a server uses {@link #stored}.
     *
     * @throws IOException when the store cannot be read or holds a broken or foreign record
     */
    default PadState read(PadId padId, Side side) throws IOException {
        return stored(padId, side).orElseGet(() -> PadState.fresh(padId, side));
    }

    /**
     * Stores the first state of a pad at a side, durably, refusing when one is stored already:
     * how a server's state comes to exist ({@code knock pad init}).
     *
     * @throws StateExistsException when a state is stored for the pad and side; it is left as it was
     * @throws IOException when the store cannot be read or written
     */
    void create(PadState initial) throws IOException;

    /**
     * Atomically replaces {@code expected} by {@code updated} when the stored state (fresh when
     * none is stored) equals {@code expected}; durable before it returns true.
     *
     * @return false when the stored state is not {@code expected} (someone else moved it)
     * @throws IllegalArgumentException when the two states are for different pads or sides, or
     *     the update moves the cursor back
     * @throws IOException when the store cannot be read or written
     */
    boolean compareAndSet(PadState expected, PadState updated) throws IOException;

    /**
     * Prepares a likely next update: a later {@link #compareAndSet} that stores exactly
     * {@code next} may then finish sooner (the file store writes and flushes it ahead, so that
     * the update only renames it into place). Nothing stored changes, every update stays as
     * durable as without it, and an update that stores anything else, or comes after another
     * update of the pad, goes the usual way. A verifier prepares the next cursor of a pad once a
     * knock was acted on, so that the next knock's update, which comes before its launch, is
     * short.
     *
     * @return whether the store prepared it; false (the default) when the store has no use for it
     * @throws IOException when the store could not prepare it (nothing stored changed)
     */
    default boolean prepare(PadState next) throws IOException {
        return false;
    }

    /**
     * Atomically adds {@code count} failed verifications to a pad's counter, whatever its cursor;
     * {@code at} is when the last of them happened. A verifier may count failures in memory and
     * add them here in batches.
     *
     * @return the state after counting
     * @throws IllegalArgumentException when {@code count} is not positive
     * @throws MissingStateException when no state is stored for the pad and side: failures are
     *     never counted into a state made up on the spot (a cursor of 0)
     * @throws IOException when the store cannot be read or written
     */
    PadState recordFailures(PadId padId, Side side, long count, Instant at) throws IOException;

    /**
     * How often a server using this store should re-read its pads' cursors, when other hosts
     * share the store and move those cursors: after a while another gateway may have moved a
     * cursor by more than a window, and this server would then refuse its clients' knocks until it
     * re-reads. A server on such a store re-reads every interval ({@code KnockServer} does so
     * unless told otherwise).
     *
     * @return the interval, or empty (the default) when no other host writes the store, as for
     *     files on one host and stores in memory
     */
    default Optional<Duration> sharedRefreshInterval() {
        return Optional.empty();
    }

    /** Checks the arguments of {@link #recordFailures} as every implementation must. */
    static void checkFailureCount(long count) {
        if (count < 1) {
            throw new IllegalArgumentException("failure count must be positive: " + count);
        }
    }

    /** Checks the arguments of {@link #compareAndSet} as every implementation must. */
    static void checkUpdate(PadState expected, PadState updated) {
        if (!expected.padId().equals(updated.padId()) || expected.side() != updated.side()) {
            throw new IllegalArgumentException("compare-and-set must keep the pad and side: "
                    + expected.padId() + "/" + expected.side().keyword() + " -> "
                    + updated.padId() + "/" + updated.side().keyword());
        }
        if (updated.cursor() < expected.cursor()) {
            throw new IllegalArgumentException("cursor must not move back: "
                    + expected.cursor() + " -> " + updated.cursor());
        }
    }
}
