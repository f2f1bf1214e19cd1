package dev.portknock.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TestClockTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void readsTheSameInstantUntilMoved() {
        TestClock clock = TestClock.at(T0);

        assertEquals(T0, clock.instant());
        assertEquals(T0, clock.instant());
    }

    @Test
    void advanceMovesItForward() {
        TestClock clock = TestClock.at(T0);

        clock.advance(Duration.ofSeconds(90));

        assertEquals(T0.plusSeconds(90), clock.instant());
        assertEquals(T0.plusSeconds(90).toEpochMilli(), clock.millis());
    }

    @Test
    void aNegativeStepIsRejected() {
        TestClock clock = TestClock.at(T0);

        assertEquals("step must not be negative: PT-1S", assertThrows(IllegalArgumentException.class,
                () -> clock.advance(Duration.ofSeconds(-1))).getMessage());
        assertEquals(T0, clock.instant());
    }

    @Test
    void setMovesItAnywhereEvenBack() {
        TestClock clock = TestClock.at(T0);

        clock.set(T0.minusSeconds(3600));

        assertEquals(T0.minusSeconds(3600), clock.instant());
    }

    @Test
    void isInUtcAndStaysThere() {
        TestClock clock = TestClock.at(T0);

        assertEquals(ZoneOffset.UTC, clock.getZone());
        assertSame(clock, clock.withZone(ZoneOffset.UTC));
        assertEquals("a test clock stays in UTC: Europe/Paris", assertThrows(UnsupportedOperationException.class,
                () -> clock.withZone(ZoneId.of("Europe/Paris"))).getMessage());
    }

    @Test
    void itsTextNamesTheTime() {
        assertEquals("TestClock[2026-01-01T00:00:00Z]", TestClock.at(T0).toString());
    }
}
