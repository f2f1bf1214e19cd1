package dev.portknock.pad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** One pad's failures counted in memory and handed to the store in batches. */
class UnsavedFailuresTest {
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    @Test
    void aFirstSaveIsDueAtOnce() {
        UnsavedFailures failures = new UnsavedFailures();
        failures.add(T0);
        assertTrue(failures.due(T0));
    }

    @Test
    void failuresAreCountedWithTheLastOnesTime() {
        UnsavedFailures failures = new UnsavedFailures();
        failures.add(T0);
        failures.add(T0.plusMillis(5));
        assertEquals(2, failures.count());
        assertEquals(T0.plusMillis(5), failures.last());
    }

    @Test
    void aSaveTakesTheCountAndClearsIt() {
        UnsavedFailures failures = new UnsavedFailures();
        failures.add(T0);
        failures.add(T0);
        assertEquals(2, failures.takeForSave(T0, INTERVAL));
        assertEquals(0, failures.count());
    }

    @Test
    void theNextSaveIsDueAnIntervalAfterTheLast() {
        UnsavedFailures failures = new UnsavedFailures();
        failures.add(T0);
        failures.takeForSave(T0, INTERVAL);
        failures.add(T0.plusMillis(999));
        assertFalse(failures.due(T0.plusMillis(999)));
        assertTrue(failures.due(T0.plus(INTERVAL)));
    }

    @Test
    void aCountGivenBackAfterAFailedSaveIsUnsavedAgainWithLaterFailures() {
        UnsavedFailures failures = new UnsavedFailures();
        failures.add(T0);
        failures.add(T0);
        long taken = failures.takeForSave(T0, INTERVAL);
        failures.add(T0.plusMillis(1));
        failures.giveBack(taken);
        assertEquals(3, failures.count());
    }

    @Test
    void aCountWrittenWithTheCursorDoesNotDelayTheNextSave() {
        UnsavedFailures failures = new UnsavedFailures();
        failures.add(T0);
        failures.written();
        assertEquals(0, failures.count());
        failures.add(T0);
        assertTrue(failures.due(T0));
    }
}
