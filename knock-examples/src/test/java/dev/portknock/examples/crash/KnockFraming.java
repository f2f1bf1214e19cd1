package dev.portknock.examples.crash;

import dev.portknock.core.SequenceMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The test's model of how {@code knock server} frames the digits one source sends to a sealed door
 * with one pad (SequenceMatcher and DoorVerifier), candidate by candidate, so that it counts the
 * verdicts the server logs exactly.
 *
 * <ul>
 *   <li>A digit opens a candidate when it is the hint of a block inside the pad's region
 *       {@code [cursor - B, cursor + H)} (PROTOCOL.md §3.4: the window {@code [cursor, cursor + W)},
 *       {@code B = min(W, R - H)} blocks behind it and up to the resync horizon {@code H = min(4W, R)}).</li>
 *   <li>Candidates overlap: every digit is appended to each live candidate, and one that holds
 *       {@code L} digits completes, which is one verdict. A source holds at most
 *       {@link SequenceMatcher#CANDIDATES}; a digit that opens one more ends the youngest of the
 *       others without a verdict.</li>
 *   <li>A whole knock for a block of the region has the right tags: the server recognises it as
 *       genuine (accepted, or behind the cursor, or beyond the window) and ends the candidates
 *       its own later digits opened, without a verdict. An accepted one (inside the window) moves
 *       the cursor past it. Any other completion is refused (its tags are wrong but for a chance
 *       of 2^-60 with this door), one verdict.</li>
 * </ul>
 *
 * <p>This is exact under three conditions the harness keeps. First, the server reads the digits in
 * the order they were sent: the harness leaves the client's pacing between any two of its datagrams,
 * a knock's and the filler's after it too (the udp-socket capture reads two ports' datagrams that
 * wait at once in either order). Second, the server recognises a genuine
 * knock on a worker, and the matcher learns of it before its next packet; the harness therefore
 * waits for the verdicts of a knock's digits before it sends anything more, and the model ends the
 * recognised knock's inner candidates at the end of {@link #offerKnock}. Third, no candidate times
 * out: after each knock the harness completes every candidate left with {@link #filler()} digits
 * (the hint just past the region, which opens nothing), well within the door's sequence timeout,
 * so each replay meets a source with no candidate. Not modelled, since the harness never meets it:
 * a second knock beyond the window resynchronising the cursor (a replay is never ahead of the
 * cursor once the campaign is over), and the failure throttle (the harness stays below it).
 */
final class KnockFraming {
    private final int radix;
    private final int window;
    /** H, the end of the region ahead of the cursor, as the door's verifier has it by default. */
    private final long horizon;
    /** B, the blocks behind the cursor in the region. */
    private final long behind;
    private final long knocks;
    private final int knockLength;
    private long cursor;
    /** The candidates under way, oldest first. */
    private final List<Candidate> candidates = new ArrayList<>();

    /** A candidate knock under way: the digits it holds, and the block it is a whole knock for, or -1. */
    private static final class Candidate {
        int taken;
        final long wholeKnockOf;

        Candidate(long wholeKnockOf) {
            this.wholeKnockOf = wholeKnockOf;
        }
    }

    /**
     * @param radix R, the digit alphabet (2^k)
     * @param window W, blocks ahead of the cursor the door accepts
     * @param knocks blocks in the pad
     * @param knockLength digits per knock (hint, command and tag digits)
     * @param cursor the server's cursor as the server loaded it
     */
    KnockFraming(int radix, int window, long knocks, int knockLength, long cursor) {
        this.radix = radix;
        this.window = window;
        this.horizon = Math.min(4L * window, radix);
        this.behind = Math.min(window, radix - horizon);
        this.knocks = knocks;
        this.knockLength = knockLength;
        this.cursor = cursor;
    }

    /** Whether a digit opens a candidate at the current cursor: it is the hint of a block in the region. */
    boolean opens(int digit) {
        return named(digit) < Math.min(cursor + horizon, knocks);
    }

    /** The one block of {@code [start, start + R)} a hint names, the region starting at {@code start}. */
    private long named(int digit) {
        long start = Math.max(0, cursor - behind);
        return start + Math.floorMod(digit - start, (long) radix);
    }

    /** Whether a whole knock for this block has right tags for a block of the region: recognised as genuine. */
    private boolean inRegion(long block) {
        return block >= Math.max(0, cursor - behind) && block < Math.min(cursor + horizon, knocks);
    }

    /**
     * Feeds the digits of knock {@code block} as they are sent and returns how many verdicts they
     * complete; then, as the server does once it has verified them, ends the candidates a genuine
     * knock's own digits opened and moves the cursor past an accepted one.
     */
    int offerKnock(long block, int[] digits) {
        int verdicts = 0;
        Candidate whole = null;
        boolean recognised = false;
        List<Candidate> inside = new ArrayList<>();
        for (int i = 0; i < digits.length; i++) {
            Candidate completed = append();
            if (completed != null) {
                verdicts++;
                recognised |= completed == whole && whole.wholeKnockOf >= 0;
            }
            if (opens(digits[i])) {
                Candidate started = start(i == 0 && named(digits[i]) == block && inRegion(block) ? block : -1);
                if (i == 0) {
                    whole = started;
                } else {
                    inside.add(started);
                }
            }
        }
        if (recognised) {
            candidates.removeAll(inside);
            if (block >= cursor && block < cursor + window) {
                cursor = block + 1;
            }
        }
        return verdicts;
    }

    /** Digits that complete every candidate under way without opening another: empty when there is none. */
    int[] filler() {
        int fewest = candidates.stream().mapToInt(candidate -> candidate.taken).min().orElse(knockLength);
        int[] digits = new int[knockLength - fewest];
        // the hint of the block at the horizon lies just past the region (B + H < R here)
        Arrays.fill(digits, (int) Math.floorMod(cursor + horizon, (long) radix));
        return digits;
    }

    /** Feeds filler digits; returns the verdicts they complete: one per candidate that was under way. */
    int offerFiller(int[] digits) {
        int verdicts = 0;
        for (int digit : digits) {
            if (opens(digit)) {
                throw new IllegalArgumentException("filler digit " + digit + " opens a candidate");
            }
            verdicts += append() == null ? 0 : 1;
        }
        return verdicts;
    }

    /** The cursor the model believes the server has. */
    long cursor() {
        return cursor;
    }

    /** Appends a digit to every candidate; returns the one it completes (at most one: they began apart). */
    private Candidate append() {
        Candidate completed = null;
        for (Candidate candidate : candidates) {
            if (++candidate.taken == knockLength) {
                completed = candidate;
            }
        }
        candidates.remove(completed);
        return completed;
    }

    /** Starts a candidate on this digit, ending the youngest of the others when the source holds the most. */
    private Candidate start(long wholeKnockOf) {
        if (candidates.size() == SequenceMatcher.CANDIDATES) {
            candidates.remove(candidates.size() - 1);
        }
        Candidate started = new Candidate(wholeKnockOf);
        started.taken = 1;
        candidates.add(started);
        return started;
    }
}
