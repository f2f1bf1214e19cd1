package dev.portknock.runtime;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A listener that queues a server's events, for tests that wait for what the server does next. */
final class RecordedEvents implements KnockListener {
    private final BlockingQueue<KnockEvent> queue = new LinkedBlockingQueue<>();
    private final Duration patience;

    /** @param patience how long {@link #next} and {@link #nextOutcome} wait before failing */
    RecordedEvents(Duration patience) {
        this.patience = patience;
    }

    @Override
    public void onEvent(KnockEvent event) {
        queue.add(event);
    }

    /** The next event of this type, skipping others; fails after the patience runs out. */
    <T extends KnockEvent> T next(Class<T> type) throws InterruptedException {
        while (true) {
            KnockEvent event = poll(patience);
            if (event == null) {
                throw new AssertionError("no " + type.getSimpleName() + " event within " + patience.toSeconds() + " s");
            }
            if (type.isInstance(event)) {
                return type.cast(event);
            }
        }
    }

    /** The next acceptance or rejection, skipping the matcher's and launcher's events. */
    KnockEvent nextOutcome() throws InterruptedException {
        while (true) {
            KnockEvent event = poll(patience);
            if (event == null) {
                throw new AssertionError("no outcome within " + patience.toSeconds() + " s");
            }
            if (event instanceof KnockEvent.Accepted || event instanceof KnockEvent.Rejected) {
                return event;
            }
        }
    }

    /** The next event of any kind, or null when none came within {@code wait}. */
    KnockEvent poll(Duration wait) throws InterruptedException {
        return queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
    }
}
