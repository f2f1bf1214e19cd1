package dev.portknock.core;

/** Why the {@link SequenceMatcher} dropped an unfinished attempt. */
public enum DiscardReason {
    /** A packet for the door's ports that was not the expected next one broke the sequence (fixed doors). */
    WRONG_PACKET,
    /** The attempt's sequence timeout passed, measured from its first packet. */
    TIMEOUT,
    /** The matcher was tracking as many attempts as it may and this one was the oldest. */
    EVICTED
}
