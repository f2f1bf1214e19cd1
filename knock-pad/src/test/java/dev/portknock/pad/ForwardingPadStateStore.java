package dev.portknock.pad;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/** A store whose states live in memory, for tests' stores that count, fail or record some calls. */
abstract class ForwardingPadStateStore implements PadStateStore {
    final InMemoryPadStateStore states = new InMemoryPadStateStore();

    @Override
    public Optional<PadState> stored(PadId padId, Side side) {
        return states.stored(padId, side);
    }

    @Override
    public void create(PadState initial) throws IOException {
        states.create(initial);
    }

    @Override
    public boolean compareAndSet(PadState expected, PadState updated) throws IOException {
        return states.compareAndSet(expected, updated);
    }

    @Override
    public PadState recordFailures(PadId padId, Side side, long count, Instant at) throws IOException {
        return states.recordFailures(padId, side, count, at);
    }
}
