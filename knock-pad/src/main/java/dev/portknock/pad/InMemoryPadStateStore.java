package dev.portknock.pad;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** A state store in memory: for tests and for servers whose cursors need not survive a restart. */
public final class InMemoryPadStateStore implements PadStateStore {
    private record Key(PadId padId, Side side) {
    }

    private final Map<Key, PadState> states = new ConcurrentHashMap<>();

    /** An empty store: every pad is fresh. */
    public InMemoryPadStateStore() {
    }

    @Override
    public PadState read(PadId padId, Side side) {
        Objects.requireNonNull(padId, "padId");
        Objects.requireNonNull(side, "side");
        return states.getOrDefault(new Key(padId, side), PadState.fresh(padId, side));
    }

    @Override
    public boolean compareAndSet(PadState expected, PadState updated) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(updated, "updated");
        PadStateStore.checkUpdate(expected, updated);
        Key key = new Key(expected.padId(), expected.side());
        boolean[] swapped = {false};
        states.compute(key, (k, current) -> {
            PadState now = current == null ? PadState.fresh(k.padId(), k.side()) : current;
            if (!now.equals(expected)) {
                return current;
            }
            swapped[0] = true;
            return updated;
        });
        return swapped[0];
    }

    @Override
    public PadState recordFailures(PadId padId, Side side, long count, Instant at) {
        Objects.requireNonNull(at, "at");
        PadStateStore.checkFailureCount(count);
        return states.compute(new Key(padId, side),
                (k, current) -> (current == null ? PadState.fresh(padId, side) : current).withFailures(count, at));
    }
}
