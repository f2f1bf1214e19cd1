package dev.portknock.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BuilderOptionsTest {
    private final BuilderOptions options = new BuilderOptions();

    @Test
    void returnsTheValueItRecords() {
        Duration timeout = Duration.ofSeconds(5);

        assertSame(timeout, options.once("timeout", timeout));
    }

    @Test
    void aSecondSettingNamesTheOptionAndTheValueAlreadySet() {
        options.once("window", 64);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> options.once("window", 16));
        assertEquals("window already set to 64", e.getMessage());
    }

    @Test
    void aSecondSettingOfTheSameValueIsStillMisuse() {
        options.once("window", 64);

        assertEquals("window already set to 64",
                assertThrows(IllegalStateException.class, () -> options.once("window", 64)).getMessage());
    }

    @Test
    void optionsAreIndependent() {
        options.once("window", 64);

        assertEquals(12, options.once("digit bits", 12));
    }

    @Test
    void aNullValueIsRejectedAndNotRecorded() {
        assertThrows(NullPointerException.class, () -> options.once("clock", null));

        assertEquals("x", options.once("clock", "x"));
    }
}
