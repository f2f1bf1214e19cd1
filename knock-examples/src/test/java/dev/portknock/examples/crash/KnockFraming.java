package dev.portknock.examples.crash;

/**
 * The test's model of how {@code knock server} frames the digits one source sends to a sealed door
 * with one pad (SequenceMatcher and DoorVerifier): an attempt starts only on a digit that is the hint
 * of a block inside the pad's region {@code [cursor - B, cursor + H)} (PROTOCOL.md §3.4: the window
 * {@code [cursor, cursor + W)}, {@code B = min(W, R - H)} blocks behind it and up to the resync horizon
 * {@code H = min(4W, R)}), and completes after {@code L} digits; only a whole knock for a block of the
 * window is accepted.
 *
 * <p>Replaying old knocks at a server makes stray attempts: a later digit of a replay may happen to
 * be an open hint, and the attempt it starts would swallow the next replay's digits. The harness
 * asks this model for filler digits (digits that open nothing) to complete such an attempt, so every
 * replay reaches the server on a clean slate, and for how many verdicts the server will log.
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
    /** Digits in the attempt under way; 0 when idle. */
    private int taken;
    /** The block the attempt under way is a whole knock for, or -1 when it started elsewhere. */
    private long attemptBlock = -1;

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

    /** Whether a digit opens an attempt at the current cursor: it is the hint of a block in the region. */
    boolean opens(int digit) {
        return candidate(digit) < Math.min(cursor + horizon, knocks);
    }

    /** The one block of {@code [start, start + R)} a hint names, the region starting at {@code start}. */
    private long candidate(int digit) {
        long start = Math.max(0, cursor - behind);
        return start + Math.floorMod(digit - start, (long) radix);
    }

    /**
     * Feeds the digits of knock {@code block} as they are sent and returns how many verdicts they
     * complete. A knock that starts an attempt of its own at its hint and is inside the window is
     * accepted and moves the cursor past it (the server has never accepted it: a crash lost it).
     */
    int offerKnock(long block, int[] digits) {
        int verdicts = 0;
        for (int i = 0; i < digits.length; i++) {
            verdicts += offer(digits[i], i == 0 ? block : -1);
        }
        return verdicts;
    }

    /** Digits that complete the attempt under way without opening another: empty when idle. */
    int[] filler() {
        int[] digits = new int[taken == 0 ? 0 : knockLength - taken];
        // the hint of the block at the horizon lies just past the region (B + H < R here)
        java.util.Arrays.fill(digits, (int) Math.floorMod(cursor + horizon, (long) radix));
        return digits;
    }

    /** Feeds filler digits; returns the verdicts they complete (one, or none when idle). */
    int offerFiller(int[] digits) {
        int verdicts = 0;
        for (int digit : digits) {
            verdicts += offer(digit, -1);
        }
        return verdicts;
    }

    /** The cursor the model believes the server has. */
    long cursor() {
        return cursor;
    }

    private int offer(int digit, long firstOfBlock) {
        if (taken == 0) {
            if (!opens(digit)) {
                return 0;
            }
            long named = candidate(digit);
            attemptBlock = firstOfBlock >= 0 && named == firstOfBlock && named >= cursor && named < cursor + window
                    ? firstOfBlock : -1;
        }
        taken++;
        if (taken < knockLength) {
            return 0;
        }
        taken = 0;
        if (attemptBlock >= 0) {
            cursor = attemptBlock + 1;
        }
        return 1;
    }
}
