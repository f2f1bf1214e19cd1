package dev.portknock.pad;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A state store in memory: for tests and for servers whose cursors need not survive a restart. */
public final class InMemoryPadStateStore implements PadStateStore {
    private record Key(PadId padId, Side side) {
    }

    private final Map<Key, PadState> states = new ConcurrentHashMap<>();

    /** An empty store: nothing is stored, every client pad reads as fresh. */
    public InMemoryPadStateStore() {
    }

    /**
     * A store holding a fresh server state (cursor 0) for each pad: a server on new pads, whose
     * cursors are forgotten when the process ends.
     *
     * @throws IllegalArgumentException when a pad is given twice
     */
    public static InMemoryPadStateStore withFreshServerStates(Pad... pads) {
        InMemoryPadStateStore store = new InMemoryPadStateStore();
        for (Pad pad : pads) {
            if (store.states.putIfAbsent(new Key(pad.id(), Side.SERVER), PadState.fresh(pad.id(), Side.SERVER)) != null) {
                throw new IllegalArgumentException("pad " + pad.id() + " is given twice");
            }
        }
        return store;
    }

    @Override
    public Optional<PadState> stored(PadId padId, Side side) {
        Objects.requireNonNull(padId, "padId");
        Objects.requireNonNull(side, "side");
        return Optional.ofNullable(states.get(new Key(padId, side)));
    }

    @Override
    public void create(PadState initial) throws StateExistsException {
        Objects.requireNonNull(initial, "initial");
        if (states.putIfAbsent(new Key(initial.padId(), initial.side()), initial) != null) {
            throw new StateExistsException(initial.padId(), initial.side());
        }
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
    public PadState recordFailures(PadId padId, Side side, long count, Instant at) throws MissingStateException {
        Objects.requireNonNull(padId, "padId");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(at, "at");
        PadStateStore.checkFailureCount(count);
        PadState counted = states.computeIfPresent(new Key(padId, side), (k, current) -> current.withFailures(count, at));
        if (counted == null) {
            throw MissingStateException.forPad(padId, side);
        }
        return counted;
    }
}
