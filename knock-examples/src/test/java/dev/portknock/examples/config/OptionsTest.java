package dev.portknock.examples.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class OptionsTest {
    private static Options withMaxSources(int value) {
        return new Options(Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), OptionalInt.of(value), OptionalInt.empty());
    }

    private static Options withWarmUpKnocks(int value) {
        return new Options(Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), OptionalInt.empty(), OptionalInt.of(value));
    }

    @Test
    void warmUpKnocksOutsideTheirRangeAreRefused() {
        assertEquals("warm-up knocks must be in 0..10000: -1",
                assertThrows(IllegalArgumentException.class, () -> withWarmUpKnocks(-1)).getMessage());
        assertEquals("warm-up knocks must be in 0..10000: 10001",
                assertThrows(IllegalArgumentException.class, () -> withWarmUpKnocks(10_001)).getMessage());
    }

    @Test
    void maxSourcesBelowOneIsRefused() {
        assertEquals("max sources must be in 1..16777216: 0",
                assertThrows(IllegalArgumentException.class, () -> withMaxSources(0)).getMessage());
    }

    @Test
    void maxSourcesAboveSixteenMillionIsRefused() {
        assertEquals("max sources must be in 1..16777216: 16777217",
                assertThrows(IllegalArgumentException.class, () -> withMaxSources(16_777_217)).getMessage());
    }

    @Test
    void maxSourcesIsKeptByTheCommandLinesReplacements() {
        Options options = withMaxSources(4096);
        assertEquals(OptionalInt.of(4096), options.withNetworkInterface("eth0").maxSources());
        assertEquals(OptionalInt.of(4096), options.withFiles(Optional.empty(), Optional.empty()).maxSources());
    }
}
