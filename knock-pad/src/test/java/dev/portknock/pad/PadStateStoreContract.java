package dev.portknock.pad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What every {@link PadStateStore} must do; each store's test extends this. */
abstract class PadStateStoreContract {
    static final PadId PAD = TestPads.idOf("contract");
    static final PadId OTHER = TestPads.idOf("other");
    static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456789Z");

    abstract PadStateStore store() throws IOException;

    @Test
    void aPadNeverSeenIsFresh() throws IOException {
        assertEquals(PadState.fresh(PAD, Side.SERVER), store().read(PAD, Side.SERVER));
    }

    @Test
    void nothingIsStoredForAPadNeverSeen() throws IOException {
        assertEquals(Optional.empty(), store().stored(PAD, Side.SERVER));
    }

    @Test
    void createStoresTheInitialState() throws IOException {
        PadStateStore store = store();
        PadState initial = new PadState(PAD, Side.SERVER, 7, 0, Optional.empty());
        store.create(initial);
        assertEquals(Optional.of(initial), store.stored(PAD, Side.SERVER));
        assertEquals(Optional.empty(), store.stored(PAD, Side.CLIENT));
    }

    @Test
    void createRefusesWhenAStateIsStoredAndKeepsIt() throws IOException {
        PadStateStore store = store();
        PadState used = PadState.fresh(PAD, Side.SERVER).advancedTo(9, T0);
        store.create(used);
        StateExistsException e = assertThrows(StateExistsException.class,
                () -> store.create(PadState.fresh(PAD, Side.SERVER)));
        assertEquals("pad " + PAD + " already has server state; it is left as it was", e.getMessage());
        assertEquals(Optional.of(used), store.stored(PAD, Side.SERVER));
    }

    @Test
    void preparingAnUpdateChangesNothingStored() throws IOException {
        PadStateStore store = store();
        PadState used = PadState.fresh(PAD, Side.SERVER).advancedTo(4, T0);
        store.create(used);
        store.prepare(used.movedTo(5));
        assertEquals(Optional.of(used), store.stored(PAD, Side.SERVER));
    }

    @Test
    void thePreparedUpdateIsStoredByCompareAndSet() throws IOException {
        PadStateStore store = store();
        PadState used = PadState.fresh(PAD, Side.SERVER).advancedTo(4, T0);
        store.create(used);
        store.prepare(used.movedTo(5));
        assertTrue(store.compareAndSet(used, used.movedTo(5)));
        assertEquals(Optional.of(used.movedTo(5)), store.stored(PAD, Side.SERVER));
    }

    @Test
    void anUpdateOtherThanThePreparedOneIsStoredAsGiven() throws IOException {
        PadStateStore store = store();
        PadState used = PadState.fresh(PAD, Side.SERVER).advancedTo(4, T0);
        store.create(used);
        store.prepare(used.movedTo(5));
        PadState later = used.advancedTo(5, T0.plusSeconds(1));
        assertTrue(store.compareAndSet(used, later));
        assertEquals(Optional.of(later), store.stored(PAD, Side.SERVER));
    }

    @Test
    void thePreparedUpdateIsRefusedWhenTheStoredStateMovedMeanwhile() throws IOException {
        PadStateStore store = store();
        PadState used = PadState.fresh(PAD, Side.SERVER).advancedTo(4, T0);
        store.create(used);
        store.prepare(used.movedTo(5));
        PadState moved = used.advancedTo(6, T0.plusSeconds(1));
        assertTrue(store.compareAndSet(used, moved));
        assertFalse(store.compareAndSet(used, used.movedTo(5)));
        assertEquals(Optional.of(moved), store.stored(PAD, Side.SERVER));
    }

    @Test
    void failuresAreNeverCountedIntoAMissingState() throws IOException {
        PadStateStore store = store();
        MissingStateException e = assertThrows(MissingStateException.class,
                () -> store.recordFailures(PAD, Side.SERVER, 1, T0));
        assertEquals(MissingStateException.forPad(PAD, Side.SERVER).getMessage(), e.getMessage());
        assertEquals(Optional.empty(), store.stored(PAD, Side.SERVER));
    }

    @Test
    void concurrentCreatesLetExactlyOneWin() throws Exception {
        PadStateStore store = store();
        AtomicInteger wins = new AtomicInteger();
        onFourThreads(thread -> {
            try {
                store.create(new PadState(PAD, Side.SERVER, thread, 0, Optional.empty()));
                wins.incrementAndGet();
            } catch (StateExistsException e) {
                // another thread created it first
            }
        });
        assertEquals(1, wins.get());
    }

    @Test
    void compareAndSetFromTheStoredStateSucceeds() throws IOException {
        PadStateStore store = store();
        PadState fresh = store.read(PAD, Side.SERVER);
        PadState moved = fresh.advancedTo(5, T0);
        assertTrue(store.compareAndSet(fresh, moved));
        assertEquals(moved, store.read(PAD, Side.SERVER));
    }

    @Test
    void compareAndSetFromAStaleStateFails() throws IOException {
        PadStateStore store = store();
        PadState fresh = store.read(PAD, Side.SERVER);
        assertTrue(store.compareAndSet(fresh, fresh.advancedTo(5, T0)));
        assertFalse(store.compareAndSet(fresh, fresh.advancedTo(3, T0)));
        assertEquals(5, store.read(PAD, Side.SERVER).cursor());
    }

    @Test
    void sidesAreKeptApart() throws IOException {
        PadStateStore store = store();
        PadState client = store.read(PAD, Side.CLIENT);
        assertTrue(store.compareAndSet(client, client.advancedTo(9, T0)));
        assertEquals(0, store.read(PAD, Side.SERVER).cursor());
        assertEquals(9, store.read(PAD, Side.CLIENT).cursor());
    }

    @Test
    void padsAreKeptApart() throws IOException {
        PadStateStore store = store();
        PadState state = store.read(PAD, Side.SERVER);
        assertTrue(store.compareAndSet(state, state.advancedTo(2, T0)));
        assertEquals(PadState.fresh(OTHER, Side.SERVER), store.read(OTHER, Side.SERVER));
    }

    @Test
    void compareAndSetRefusesToMoveTheCursorBack() throws IOException {
        PadStateStore store = store();
        PadState at5 = new PadState(PAD, Side.SERVER, 5, 0, Optional.of(T0));
        PadState at4 = new PadState(PAD, Side.SERVER, 4, 0, Optional.of(T0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.compareAndSet(at5, at4));
        assertEquals("cursor must not move back: 5 -> 4", e.getMessage());
    }

    @Test
    void compareAndSetRefusesToChangeThePad() throws IOException {
        PadStateStore store = store();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.compareAndSet(
                PadState.fresh(PAD, Side.SERVER), PadState.fresh(OTHER, Side.SERVER).advancedTo(1, T0)));
        assertEquals("compare-and-set must keep the pad and side: " + PAD + "/server -> " + OTHER + "/server",
                e.getMessage());
    }

    @Test
    void failuresAreCountedWithoutMovingTheCursor() throws IOException {
        PadStateStore store = store();
        PadState state = store.read(PAD, Side.SERVER);
        assertTrue(store.compareAndSet(state, state.advancedTo(3, T0)));
        store.recordFailures(PAD, Side.SERVER, 1, T0.plusSeconds(1));
        PadState counted = store.recordFailures(PAD, Side.SERVER, 5, T0.plusSeconds(2));
        assertEquals(new PadState(PAD, Side.SERVER, 3, 6, Optional.of(T0.plusSeconds(2))), counted);
        assertEquals(counted, store.read(PAD, Side.SERVER));
    }

    @Test
    void aFailureCountBelowOneIsRefused() throws IOException {
        PadStateStore store = store();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.recordFailures(PAD, Side.SERVER, 0, T0));
        assertEquals("failure count must be positive: 0", e.getMessage());
        assertEquals(PadState.fresh(PAD, Side.SERVER), store.read(PAD, Side.SERVER));
    }

    @Test
    void concurrentCompareAndSetLetsExactlyOneWinPerStep() throws Exception {
        PadStateStore store = store();
        AtomicInteger wins = new AtomicInteger();
        onFourThreads(thread -> {
            for (int i = 0; i < 25; i++) {
                PadState seen = store.read(PAD, Side.SERVER);
                if (store.compareAndSet(seen, seen.advancedTo(seen.cursor() + 1, T0))) {
                    wins.incrementAndGet();
                }
            }
        });
        assertEquals(wins.get(), store.read(PAD, Side.SERVER).cursor());
    }

    /** What one of the racing threads does. */
    @FunctionalInterface
    interface Racer {
        void run(int thread) throws IOException;
    }

    /** Runs four racers at once and waits for them all, failing on the first failure. */
    static void onFourThreads(Racer racer) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    racer.run(thread);
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
