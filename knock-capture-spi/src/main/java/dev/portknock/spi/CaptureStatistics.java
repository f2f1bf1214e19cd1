package dev.portknock.spi;

/**
 * Counters of a capture source.
 *
 * @param delivered packets handed to the sink
 * @param skipped frames dropped as malformed, truncated, fragmented or of an unknown type
 * @param dropped packets the kernel or the capture mechanism dropped before the source saw them
 *                (e.g. a full capture buffer); 0 for sources that cannot lose packets this way or
 *                cannot tell
 */
public record CaptureStatistics(long delivered, long skipped, long dropped) {
    /** Validates the counters. */
    public CaptureStatistics {
        if (delivered < 0 || skipped < 0 || dropped < 0) {
            throw new IllegalArgumentException("counters must not be negative");
        }
    }

    /**
     * Counters of a source that has dropped nothing before seeing it.
     *
     * @param delivered packets handed to the sink
     * @param skipped frames dropped as malformed, truncated, fragmented or of an unknown type
     */
    public CaptureStatistics(long delivered, long skipped) {
        this(delivered, skipped, 0);
    }
}
