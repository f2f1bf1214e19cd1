package dev.portknock.core;

import java.net.InetAddress;

/**
 * Receives the outcomes of a {@link SequenceMatcher}. Called on the thread that calls
 * {@link SequenceMatcher#offer(PacketEvent)}, {@link SequenceMatcher#offer(CapturedPacket)} or
 * {@link SequenceMatcher#expire()}; it must not call
 * back into the matcher, and it should hand slow work (verification, persistence) to another
 * thread rather than stall the capture.
 */
public interface MatchListener {
    /**
     * A knock arrived complete: all of a door's packets from one source, in order, within the
     * door's timeout. For one-time doors the knock still has to be verified against the pad.
     *
     * @param knock the completed knock
     */
    void completed(CompletedKnock knock);

    /**
     * An unfinished attempt was dropped. The default ignores it; override to count or log.
     *
     * @param door the door the attempt was for
     * @param source the attempt's source address
     * @param reason why it was dropped
     */
    default void discarded(Door door, InetAddress source, DiscardReason reason) {
    }
}
