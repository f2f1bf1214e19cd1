package dev.portknock.pad;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * A store that hands every call to another (by default one in memory), for tests' stores that
 * count, fail or record some calls.
 */
abstract class ForwardingPadStateStore implements PadStateStore {
    final PadStateStore states;

    ForwardingPadStateStore() {
        this(new InMemoryPadStateStore());
    }

    ForwardingPadStateStore(PadStateStore states) {
        this.states = states;
    }

    @Override
    public Optional<PadState> stored(PadId padId, Side side) throws IOException {
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
