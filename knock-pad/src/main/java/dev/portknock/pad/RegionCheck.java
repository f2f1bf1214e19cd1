package dev.portknock.pad;

import dev.portknock.core.OneTimeScheme;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a knock against the blocks of one pad's region that its hint names, under the pad's
 * lock: the command restriction first, then the tags (raw: digits) in constant time; a knock
 * that verifies in the window is consumed ({@link PadBook#consume}), one that verifies behind the
 * cursor or beyond the window is placed there (PROTOCOL.md §3.4), and two consecutive knocks
 * beyond it from one source resynchronise the pad. A revoked pad's knock is only recognised.
 */
final class RegionCheck {
    /** The verifier's parts log as the verifier: operators read one logger. */
    private static final Logger LOG = LoggerFactory.getLogger(DoorVerifier.class);

    /** Which blocks of a pad's region a pass over the candidates checks. */
    enum Pass {
        WINDOW, OUTSIDE_WINDOW;

        private static final Pass[] BOTH = {WINDOW, OUTSIDE_WINDOW};
        private static final Pass[] WINDOW_ONLY = {WINDOW};
    }

    private final PadRegion region;
    private final OneTimeScheme scheme;
    private final CommandRestriction restriction;
    private final PadBook book;
    private final Clock clock;
    private final Duration resyncTimeout;
    private final Pass[] passes;
    /** What a failed window check is: wrong tags (sealed) or wrong digits (raw). */
    private final Verification.Rejected failure;

    RegionCheck(PadRegion region, CommandRestriction restriction, PadBook book, Clock clock, Duration resyncTimeout,
                Verification.Rejected failure) {
        this.region = region;
        this.scheme = region.scheme();
        this.restriction = restriction;
        this.book = book;
        this.clock = clock;
        this.resyncTimeout = resyncTimeout;
        this.passes = scheme.recognisesOutsideWindow() ? Pass.BOTH : Pass.WINDOW_ONLY;
        this.failure = failure;
    }

    /**
     * The passes over a knock's candidate pads, in order: window blocks of every candidate pad
     * first, so a good knock costs what it would without the region; blocks behind or beyond the
     * window (sealed) only for knocks none accepts. Revoked pads are checked in the last.
     */
    Pass[] passes() {
        return passes;
    }

    /** A failed check of a window block: {@link Verification.Reason#BAD_TAGS} or {@link Verification.Reason#BAD_DIGITS}. */
    Verification.Rejected failure() {
        return failure;
    }

    /**
     * Checks the knock against the pad's blocks that this pass looks at, under the pad's lock, and
     * consumes on success. Returns the acceptance or the revocation; {@link DoorVerifier#BEHIND_CURSOR}
     * or {@link DoorVerifier#BEYOND_WINDOW} when its tags are right for a block outside the window
     * (a resync's first knock is held for the latter); {@link #failure()} when a window block was
     * checked and failed; {@link DoorVerifier#COMMAND_NOT_ALLOWED} when every candidate block
     * decodes the command to a value the restriction refuses; null when nothing else applies (a
     * failed check outside the window).
     */
    Verification check(PadEntry entry, int[] knock, long hint, InetAddress source, Pass pass) throws IOException {
        entry.lock.lock();
        try {
            if (entry.revoked) {
                // in the last pass only: a revoked pad never takes a served pad's knock
                return pass == passes[passes.length - 1] ? recognise(entry, knock, hint, source) : null;
            }
            return checkServed(entry, knock, hint, source, pass);
        } finally {
            entry.lock.unlock();
        }
    }

    private Verification checkServed(PadEntry entry, int[] knock, long hint, InetAddress source, Pass pass)
            throws IOException {
        int blockDigits = scheme.blockDigits();
        int[] block = entry.block;
        // after the cursor moved under us, the knock's block may have changed sides: check them all
        boolean everywhere = false;
        while (true) {
            PadState state = entry.state;
            long cursor = state.cursor();
            long windowEnd = region.windowEnd(entry, cursor);
            long end = region.end(entry, cursor);
            boolean retry = false;
            boolean refused = false;
            boolean checked = false;
            boolean failedInWindow = false;
            Verification placed = null;
            for (long j = region.nextCandidate(entry, region.start(entry, cursor), end, hint); j < end;
                    j = region.nextCandidate(entry, j + 1, end, hint)) {
                boolean inWindow = j >= cursor && j < windowEnd;
                if (!everywhere && inWindow != (pass == Pass.WINDOW)) {
                    continue;
                }
                entry.pad.copyDigits(j * blockDigits, block, 0, blockDigits);
                try {
                    int[] command = restriction.decodeEarly(scheme, block, knock);
                    if (!restriction.allows(entry.allowedValues, command)) {
                        refused = true;
                        continue;
                    }
                    checked = true;
                    if (!scheme.verify(block, knock, source)) {
                        failedInWindow |= inWindow;
                        continue;
                    }
                    if (j < cursor) {
                        placed = behindCursor(entry, source, j, cursor);
                        continue;
                    }
                    boolean resync = j >= windowEnd;
                    if (resync && !entry.resyncs.completes(source, j, clock.instant())) {
                        // another gateway may have moved the cursor: read it before holding a resync
                        if (book.rereadMoved(entry, state)) {
                            retry = true;
                            everywhere = true;
                            break;
                        }
                        placed = beyondWindow(entry, source, j, cursor);
                        continue;
                    }
                    if (command == null) {
                        command = scheme.decodeCommand(block, knock);
                    }
                    Verification accepted = book.consume(entry, state, j, command, source, clock.instant(), resync);
                    if (accepted != null) {
                        return accepted;
                    }
                    retry = true;
                    everywhere = true;
                    break;
                } finally {
                    Arrays.fill(block, 0);
                }
            }
            if (!retry) {
                if (placed != null) {
                    return placed;
                }
                if (failedInWindow) {
                    return failure;
                }
                return refused && !checked ? DoorVerifier.COMMAND_NOT_ALLOWED : null;
            }
        }
    }

    /**
     * For a revoked pad: whether the knock's tags are right for a block of its region (where it
     * was revoked). Allowed by the restriction first, as a served pad's knock is, so garbage costs
     * a revoked pad no more than a served one. Consumes nothing.
     */
    private Verification recognise(PadEntry entry, int[] knock, long hint, InetAddress source) {
        int blockDigits = scheme.blockDigits();
        int[] block = entry.block;
        long cursor = entry.state.cursor();
        long end = region.end(entry, cursor);
        for (long j = region.nextCandidate(entry, region.start(entry, cursor), end, hint); j < end;
                j = region.nextCandidate(entry, j + 1, end, hint)) {
            entry.pad.copyDigits(j * blockDigits, block, 0, blockDigits);
            try {
                if (!restriction.allows(entry.allowedValues, restriction.decodeEarly(scheme, block, knock))) {
                    continue;
                }
                if (scheme.verify(block, knock, source)) {
                    // debug: the caller logs the outcome (a replayed revoked knock must not flood the log)
                    if (LOG.isDebugEnabled()) {
                        LOG.debug("knock from {} refused: pad {} was revoked", source.getHostAddress(), entry.name);
                    }
                    return new Verification.Revoked(entry.pad.id(), entry.label);
                }
            } finally {
                Arrays.fill(block, 0);
            }
        }
        return null;
    }

    /** A knock whose tags are right for a consumed block. */
    private static Verification behindCursor(PadEntry entry, InetAddress source, long j, long cursor) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("pad {}: knock {} from {} lies behind the cursor {}", entry.name, j, source.getHostAddress(),
                    cursor);
        }
        return DoorVerifier.BEHIND_CURSOR;
    }

    /** A knock whose tags are right for a block past the window, held as a resync's first. */
    private Verification beyondWindow(PadEntry entry, InetAddress source, long j, long cursor) {
        entry.resyncs.hold(source, j, clock.instant().plus(resyncTimeout));
        if (LOG.isDebugEnabled()) {
            LOG.debug("pad {}: knock {} from {} lies beyond the window at cursor {}; held for a resync",
                    entry.name, j, source.getHostAddress(), cursor);
        }
        return DoorVerifier.BEYOND_WINDOW;
    }
}
