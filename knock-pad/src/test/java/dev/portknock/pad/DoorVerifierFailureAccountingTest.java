package dev.portknock.pad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portknock.core.Profile;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the verifier counts failures: the throttle in memory and exact under concurrency, the
 * store's failure statistic written in batches (at most once per interval, with accepted knocks,
 * at refresh and when asked).
 */
class DoorVerifierFailureAccountingTest {
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final Profile PROFILE = Profile.defaults();

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(T0);
    private final CountingStore store = new CountingStore();

    /** An in-memory store that counts its writes. */
    private static final class CountingStore extends ForwardingPadStateStore {
        final AtomicInteger failureWrites = new AtomicInteger();
        final AtomicInteger cursorWrites = new AtomicInteger();
        /** Whether failure writes fail, as a full disk or a lost database would. */
        volatile boolean failureWritesFail;

        @Override
        public boolean compareAndSet(PadState expected, PadState updated) throws IOException {
            cursorWrites.incrementAndGet();
            return super.compareAndSet(expected, updated);
        }

        @Override
        public PadState recordFailures(PadId padId, Side side, long count, Instant at) throws IOException {
            failureWrites.incrementAndGet();
            if (failureWritesFail) {
                throw new IOException("disk full");
            }
            return super.recordFailures(padId, side, count, at);
        }
    }

    private Pad pad(String seed) throws IOException {
        Pad pad = TestPads.fromSeed(dir, seed, PROFILE.digitBits(), 16 * PROFILE.blockDigits());
        store.create(PadState.fresh(pad.id(), Side.SERVER));
        return pad;
    }

    private DoorVerifier.Builder verifier(Pad pad) {
        return DoorVerifier.builder(PROFILE, store).pads(pad).clock(clock);
    }

    private int[] goodKnock(Pad pad) throws IOException {
        return new KnockIssuer(PROFILE, pad, new InMemoryPadStateStore(), clock)
                .issue(new int[] {22, 60, 1}, Optional.of(source(10))).digits();
    }

    private static int[] forged(int[] good) {
        int[] forged = good.clone();
        forged[forged.length - 1] ^= 1;
        return forged;
    }

    private static InetAddress source(int host) throws IOException {
        return InetAddress.getByName("192.0.2." + host);
    }

    private long storedFailures(Pad pad) throws IOException {
        return store.read(pad.id(), Side.SERVER).failures();
    }

    @Test
    void theFirstFailureIsSavedAtOnceAndLaterOnesWaitForTheNextInterval() throws IOException {
        Pad pad = pad("batch");
        DoorVerifier verifier = verifier(pad).failureLimit(100).build();
        int[] forged = forged(goodKnock(pad));
        for (int i = 0; i < 5; i++) {
            verifier.verify(forged, source(20));
        }
        assertEquals(1, store.failureWrites.get());
        assertEquals(1, storedFailures(pad));

        clock.advance(Duration.ofSeconds(1));
        verifier.verify(forged, source(20));
        assertEquals(2, store.failureWrites.get());
        assertEquals(6, storedFailures(pad));
    }

    @Test
    void unsavedFailuresAreWrittenWithTheNextAcceptedKnocksCursor() throws IOException {
        Pad pad = pad("with-cursor");
        DoorVerifier verifier = verifier(pad).build();
        int[] good = goodKnock(pad);
        for (int i = 0; i < 3; i++) {
            verifier.verify(forged(good), source(20));
        }
        assertInstanceOf(Verification.Accepted.class, verifier.verify(good, source(10)));
        assertEquals(1, store.failureWrites.get());
        assertEquals(1, store.cursorWrites.get());
        assertEquals(new PadState(pad.id(), Side.SERVER, 1, 3, Optional.of(T0)), store.read(pad.id(), Side.SERVER));
    }

    @Test
    void saveFailuresWritesEveryPadsUnsavedCount() throws IOException {
        Pad first = pad("save-1");
        // twice as long as the first: its block 20 is a candidate of no other pad
        Pad second = TestPads.fromSeed(dir, "save-2", PROFILE.digitBits(), 32 * PROFILE.blockDigits());
        store.create(PadState.fresh(second.id(), Side.SERVER));
        DoorVerifier verifier = DoorVerifier.builder(PROFILE, store).pads(first, second).clock(clock)
                .failureLimit(100).build();
        // both fresh pads are candidates of a knock for block 0 (one hint digit); failures are
        // charged to the first, so the second pad's are made by knocks whose hint names its block 20
        int[] forged = forged(goodKnock(first));
        for (int i = 0; i < 4; i++) {
            verifier.verify(forged, source(20));
        }
        int[] forgedForSecondOnly = forged(goodKnock(first));
        forgedForSecondOnly[0] = 20;
        for (int i = 0; i < 3; i++) {
            verifier.verify(forgedForSecondOnly, source(20));
        }
        verifier.saveFailures();
        assertEquals(4, storedFailures(first));
        assertEquals(3, storedFailures(second));
    }

    @Test
    void failuresTheStoreCouldNotSaveAreKeptForTheNextSave() throws IOException {
        Pad pad = pad("kept");
        DoorVerifier verifier = verifier(pad).failureLimit(100).build();
        int[] forged = forged(goodKnock(pad));
        for (int i = 0; i < 3; i++) {
            verifier.verify(forged, source(20));
        }
        assertEquals(1, storedFailures(pad));
        store.failureWritesFail = true;
        assertThrows(IOException.class, verifier::saveFailures);
        store.failureWritesFail = false;
        verifier.saveFailures();
        assertEquals(3, storedFailures(pad));
    }

    @Test
    void failuresTheStoreCouldNotSaveAtARefreshAreKeptForTheNextSave() throws IOException {
        Pad pad = pad("kept-at-refresh");
        DoorVerifier verifier = verifier(pad).failureLimit(100).build();
        int[] forged = forged(goodKnock(pad));
        for (int i = 0; i < 3; i++) {
            verifier.verify(forged, source(20));
        }
        store.failureWritesFail = true;
        assertThrows(IOException.class, verifier::refresh);
        store.failureWritesFail = false;
        verifier.saveFailures();
        assertEquals(3, storedFailures(pad));
    }

    @Test
    void saveFailuresWithNothingUnsavedWritesNothing() throws IOException {
        Pad pad = pad("nothing");
        DoorVerifier verifier = verifier(pad).build();
        verifier.verify(forged(goodKnock(pad)), source(20));
        verifier.saveFailures();
        assertEquals(1, store.failureWrites.get());
    }

    @Test
    void refreshSavesUnsavedFailures() throws IOException {
        Pad pad = pad("refresh");
        DoorVerifier verifier = verifier(pad).failureLimit(100).build();
        int[] forged = forged(goodKnock(pad));
        verifier.verify(forged, source(20));
        verifier.verify(forged, source(20));
        verifier.refresh();
        assertEquals(2, storedFailures(pad));
    }

    @Test
    void failuresSavedByAnotherGatewayAreKeptWhenSaving() throws IOException {
        Pad pad = pad("shared");
        DoorVerifier verifier = verifier(pad).failureLimit(100).build();
        int[] forged = forged(goodKnock(pad));
        verifier.verify(forged, source(20));
        verifier.verify(forged, source(20));
        store.states.recordFailures(pad.id(), Side.SERVER, 10, T0);
        verifier.saveFailures();
        assertEquals(12, storedFailures(pad));
    }

    @Test
    void knocksFailingOnSeveralThreadsAtOnceNeverExceedTheLimit() throws Exception {
        Pad pad = pad("concurrent");
        int limit = 8;
        // a clock that pauses on every read widens the gaps between a knock's check against the
        // limit and its count, where other threads' knocks would slip past an inexact limit
        MutableClock pausing = new MutableClock(T0) {
            @Override
            public Instant instant() {
                LockSupport.parkNanos(200_000);
                return super.instant();
            }
        };
        DoorVerifier verifier = DoorVerifier.builder(PROFILE, store).pads(pad).clock(pausing).failureLimit(limit).build();
        int[] forged = forged(goodKnock(pad));
        int threads = 4;
        int knocksEach = 200;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<Verification>>> results = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                InetAddress from = source(20);
                results.add(pool.submit(() -> {
                    start.await();
                    List<Verification> outcomes = new ArrayList<>();
                    for (int i = 0; i < knocksEach; i++) {
                        outcomes.add(verifier.verify(forged, from));
                    }
                    return outcomes;
                }));
            }
            start.countDown();
            int failed = 0;
            int throttled = 0;
            for (Future<List<Verification>> result : results) {
                for (Verification outcome : result.get()) {
                    if (outcome instanceof Verification.Throttled) {
                        throttled++;
                    } else {
                        assertEquals(new Verification.Rejected(Verification.Reason.BAD_TAGS), outcome);
                        failed++;
                    }
                }
            }
            assertEquals(limit, failed);
            assertEquals(threads * knocksEach - limit, throttled);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aKnockAcceptedByAnotherPadReleasesItsPlaceAgainstTheLimit() throws IOException {
        Pad first = pad("place-1");
        Pad second = pad("place-2");
        DoorVerifier verifier = DoorVerifier.builder(PROFILE, store).pads(first, second).clock(clock)
                .failureLimit(1).build();
        // the knock for the second pad fails on the first (same hint) before the second accepts
        // it; had that failure held a place, the first pad would now be throttled
        assertInstanceOf(Verification.Accepted.class, verifier.verify(goodKnock(second), source(10)));
        assertInstanceOf(Verification.Accepted.class, verifier.verify(goodKnock(first), source(10)));
        assertEquals(0, storedFailures(first));
    }
}
