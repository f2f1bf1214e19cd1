package dev.portknock.core;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** Records what a {@link SequenceMatcher} reports, in order. */
final class RecordingListener implements MatchListener {
    /** One discarded attempt. */
    record Discard(String door, InetAddress source, DiscardReason reason) {
    }

    final List<CompletedKnock> completed = new ArrayList<>();
    final List<Discard> discarded = new ArrayList<>();

    @Override
    public void completed(CompletedKnock knock) {
        completed.add(knock);
    }

    @Override
    public void discarded(Door door, InetAddress source, DiscardReason reason) {
        discarded.add(new Discard(door.name(), source, reason));
    }
}
