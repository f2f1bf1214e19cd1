package dev.portknock.nflog;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CapabilitiesTest {
    @Test
    void rootsFullSetHoldsCapNetAdmin() {
        assertTrue(Capabilities.hasNetAdmin(List.of("Name:\tjava", "CapEff:\t000001ffffffffff")));
    }

    @Test
    void onlyBit12Counts() {
        assertTrue(Capabilities.hasNetAdmin(List.of("CapEff:\t0000000000001000")));
        assertFalse(Capabilities.hasNetAdmin(List.of("CapEff:\t0000000000002000")));
    }

    @Test
    void anEmptySetHoldsNothing() {
        assertFalse(Capabilities.hasNetAdmin(List.of("CapEff:\t0000000000000000")));
    }

    @Test
    void aMissingOrGarbledLineMeansNo() {
        assertFalse(Capabilities.hasNetAdmin(List.of("Name:\tjava")));
        assertFalse(Capabilities.hasNetAdmin(List.of("CapEff:\tzz")));
        assertFalse(Capabilities.hasNetAdmin(List.of("CapEff:\t" + "f".repeat(17))));
    }
}
