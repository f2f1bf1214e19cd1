package dev.portknock.spi;

/**
 * Counters of a capture source.
 *
 * @param delivered packets handed to the sink
 * @param skipped frames dropped as malformed, truncated, fragmented or of an unknown type
 */
public record CaptureStatistics(long delivered, long skipped) {
    /** Validates the counters. */
    public CaptureStatistics {
        if (delivered < 0 || skipped < 0) {
            throw new IllegalArgumentException("counters must not be negative");
        }
    }
}
