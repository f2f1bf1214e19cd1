package dev.portknock.pad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settling a verifier: once a knock was acted on, the pad's next cursor update is prepared in
 * the store and its time of use stored; the next knock, when it is the next block, stores the
 * prepared update, and anything else takes the usual one.
 */
class DoorVerifierPreparedUpdateTest {
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);
    private static final Profile PROFILE = Profile.defaults();
    private static final int[] COMMAND = {22, 60, 1};

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(T0);
    private final PreparingStore store = new PreparingStore();
    private Pad pad;
    private KnockIssuer client;
    private DoorVerifier verifier;

    /** An in-memory store that takes prepared updates (when told to) and records its updates. */
    private static final class PreparingStore extends ForwardingPadStateStore {
        final List<PadState> prepared = new ArrayList<>();
        final List<PadState> updates = new ArrayList<>();
        volatile boolean prepares = true;
        volatile boolean preparingFails;

        @Override
        public boolean compareAndSet(PadState expected, PadState updated) throws IOException {
            updates.add(updated);
            return super.compareAndSet(expected, updated);
        }

        @Override
        public boolean prepare(PadState next) throws IOException {
            if (preparingFails) {
                throw new IOException("disk full");
            }
            if (prepares) {
                prepared.add(next);
            }
            return prepares;
        }
    }

    @BeforeEach
    void verifierOfOnePad() throws IOException {
        pad = TestPads.fromSeed(dir, "prepared", PROFILE.digitBits(), 16 * PROFILE.blockDigits());
        store.create(PadState.fresh(pad.id(), Side.SERVER));
        client = new KnockIssuer(PROFILE, pad, new InMemoryPadStateStore(), clock);
        verifier = DoorVerifier.builder(PROFILE, store).pads(pad).clock(clock).build();
    }

    private Verification knock() throws IOException {
        return verifier.verify(client.issue(COMMAND, Optional.of(source())).digits(), source());
    }

    private static InetAddress source() throws IOException {
        return InetAddress.getByName("192.0.2.10");
    }

    private PadState stored() throws IOException {
        return store.read(pad.id(), Side.SERVER);
    }

    private PadState state(long cursor, long failures, Instant lastUse) {
        return new PadState(pad.id(), Side.SERVER, cursor, failures, Optional.of(lastUse));
    }

    @Test
    void settlingPreparesThePadsNextCursor() throws IOException {
        assertInstanceOf(Verification.Accepted.class, knock());
        verifier.settle();
        assertEquals(List.of(state(2, 0, T0)), store.prepared);
    }

    @Test
    void theNextKnockStoresThePreparedUpdateBeforeItsTimeOfUse() throws IOException {
        knock();
        verifier.settle();
        clock.advance(Duration.between(T0, T1));
        assertInstanceOf(Verification.Accepted.class, knock());
        assertSame(store.prepared.get(0), store.updates.get(store.updates.size() - 1));
        assertEquals(state(2, 0, T0), stored());
    }

    @Test
    void settlingStoresTheTimeOfUseAndPreparesTheNextCursor() throws IOException {
        knock();
        verifier.settle();
        clock.advance(Duration.between(T0, T1));
        knock();
        verifier.settle();
        assertEquals(state(2, 0, T1), stored());
        assertEquals(state(3, 0, T1), store.prepared.get(1));
    }

    @Test
    void aVerifierNeverSettledStoresEachKnocksTimeWithItsCursor() throws IOException {
        knock();
        clock.advance(Duration.between(T0, T1));
        knock();
        assertEquals(List.of(), store.prepared);
        assertEquals(List.of(state(1, 0, T0), state(2, 0, T1)), store.updates);
    }

    @Test
    void aKnockPastTheNextBlockTakesTheUsualUpdate() throws IOException {
        knock();
        verifier.settle();
        client.issue(COMMAND, Optional.of(source())); // block 1, never sent
        clock.advance(Duration.between(T0, T1));
        assertInstanceOf(Verification.Accepted.class, knock());
        assertEquals(state(3, 0, T1), stored());
    }

    @Test
    void failuresWaitingToBeSavedTakeTheUsualUpdateWithTheirCount() throws IOException {
        knock();
        verifier.settle();
        int[] forged = client.peek(COMMAND, Optional.of(source())).digits().clone();
        forged[forged.length - 1] ^= 1;
        verifier.verify(forged, source()); // the first failure is saved at once
        verifier.verify(forged, source()); // the second waits
        clock.advance(Duration.between(T0, T1));
        assertInstanceOf(Verification.Accepted.class, knock());
        assertEquals(state(2, 2, T1), stored());
    }

    @Test
    void aStoreThatTakesNoPreparedUpdateGetsOneUpdateAKnock() throws IOException {
        store.prepares = false;
        knock();
        verifier.settle();
        clock.advance(Duration.between(T0, T1));
        knock();
        verifier.settle();
        assertEquals(List.of(state(1, 0, T0), state(2, 0, T1)), store.updates);
    }

    @Test
    void aStoreThatCannotPrepareLeavesTheNextKnockTheUsualUpdate() throws IOException {
        knock();
        store.preparingFails = true;
        assertThrows(IOException.class, verifier::settle);
        clock.advance(Duration.between(T0, T1));
        assertInstanceOf(Verification.Accepted.class, knock());
        assertEquals(state(2, 0, T1), stored());
    }

    @Test
    void aPreparedUpdateIsUsedOnce() throws IOException {
        knock();
        verifier.settle();
        clock.advance(Duration.between(T0, T1));
        knock();
        clock.advance(Duration.ofSeconds(60));
        knock(); // before any settle: the prepared update was the last knock's
        assertEquals(state(3, 0, T1.plusSeconds(60)), stored());
    }
}
