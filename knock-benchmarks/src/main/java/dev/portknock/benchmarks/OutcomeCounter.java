package dev.portknock.benchmarks;

import dev.portknock.core.CompletedKnock;
import dev.portknock.core.DiscardReason;
import dev.portknock.core.Door;
import dev.portknock.core.MatchListener;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Counts what a matcher reports, so a benchmark can show its outcomes are the expected ones:
 * noise attempts evicted and timed out, every legitimate knock completed with its own digits.
 * A legitimate client's digits also open overlapping candidates of their own on a one-time door;
 * those complete with other digits (the benchmark tells the matcher of no acceptance) or are
 * discarded, and are counted apart, as strays: a lost legitimate knock shows in
 * {@link #legitimateCompleted()} falling short.
 */
final class OutcomeCounter implements MatchListener {
    private final Map<InetAddress, int[]> legitimate;
    /** Discards by reason ordinal: counting must not allocate, or the listener would dominate the figures. */
    private final long[] discarded = new long[DiscardReason.values().length];
    private long completed;
    private long legitimateCompleted;
    private long legitimateStrayCompleted;
    /** The legitimate knock completed since {@link #takeLegitimate()} was last called. */
    private Optional<CompletedKnock> lastLegitimate = Optional.empty();
    private long legitimateStrayDiscarded;

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
                lastLegitimate = Optional.of(knock);
            } else {
                legitimateStrayCompleted++;
            }
        }
    }

    @Override
    public void discarded(Door door, InetAddress source, DiscardReason reason) {
        discarded[reason.ordinal()]++;
        if (legitimate.containsKey(source)) {
            legitimateStrayDiscarded++;
        }
    }

    long completed() {
        return completed;
    }

    long discarded(DiscardReason reason) {
        return discarded[reason.ordinal()];
    }

    /** The legitimate knock completed since the last call, if any, for the caller to accept. */
    Optional<CompletedKnock> takeLegitimate() {
        Optional<CompletedKnock> knock = lastLegitimate;
        lastLegitimate = Optional.empty();
        return knock;
    }

    long legitimateCompleted() {
        return legitimateCompleted;
    }

    /** One line: completions and discards by reason. */
    String summary() {
        return "completed " + completed + " (legitimate " + legitimateCompleted + ", strays of legitimate sources "
                + legitimateStrayCompleted
                + "), discarded: evicted " + discarded(DiscardReason.EVICTED) + ", timed out "
                + discarded(DiscardReason.TIMEOUT) + ", wrong packet " + discarded(DiscardReason.WRONG_PACKET)
                + " (strays of legitimate sources " + legitimateStrayDiscarded + ")";
    }
}
