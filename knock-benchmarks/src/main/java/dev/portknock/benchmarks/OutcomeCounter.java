package dev.portknock.benchmarks;

import dev.portknock.core.CompletedKnock;
import dev.portknock.core.DiscardReason;
import dev.portknock.core.Door;
import dev.portknock.core.MatchListener;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Map;

/**
 * Counts what a matcher reports, so a benchmark can show its outcomes are the expected ones:
 * noise attempts evicted and timed out, every legitimate knock completed with its own digits.
 */
final class OutcomeCounter implements MatchListener {
    private final Map<InetAddress, int[]> legitimate;
    /** Discards by reason ordinal: counting must not allocate, or the listener would dominate the figures. */
    private final long[] discarded = new long[DiscardReason.values().length];
    private long completed;
    private long legitimateCompleted;
    private long legitimateGarbled;
    private long legitimateDiscarded;

    /**
     * A counter that knows the legitimate clients and the digits each sends.
     *
     * @param legitimate each legitimate source with its knock's digits (not copied: benchmark fixture)
     */
    OutcomeCounter(Map<InetAddress, int[]> legitimate) {
        this.legitimate = legitimate;
    }

    /** A counter for traffic without legitimate knocks. */
    static OutcomeCounter noiseOnly() {
        return new OutcomeCounter(Map.of());
    }

    @Override
    public void completed(CompletedKnock knock) {
        completed++;
        int[] expected = legitimate.get(knock.source());
        if (expected != null) {
            if (Arrays.equals(expected, knock.digits())) {
                legitimateCompleted++;
            } else {
                legitimateGarbled++;
            }
        }
    }

    @Override
    public void discarded(Door door, InetAddress source, DiscardReason reason) {
        discarded[reason.ordinal()]++;
        if (legitimate.containsKey(source)) {
            legitimateDiscarded++;
        }
    }

    long completed() {
        return completed;
    }

    long discarded(DiscardReason reason) {
        return discarded[reason.ordinal()];
    }

    long legitimateCompleted() {
        return legitimateCompleted;
    }

    /** Legitimate knocks that completed with other digits than sent, or were dropped: must stay 0. */
    long legitimateLost() {
        return legitimateGarbled + legitimateDiscarded;
    }

    /** One line: completions and discards by reason. */
    String summary() {
        return "completed " + completed + " (legitimate " + legitimateCompleted + ", garbled " + legitimateGarbled
                + "), discarded: evicted " + discarded(DiscardReason.EVICTED) + ", timed out "
                + discarded(DiscardReason.TIMEOUT) + ", wrong packet " + discarded(DiscardReason.WRONG_PACKET)
                + " (legitimate " + legitimateDiscarded + ")";
    }
}
