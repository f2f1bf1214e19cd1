package dev.portknock.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Forgery probabilities per attempt (PROTOCOL.md §3). */
class SecurityFigureTest {

    @Test
    void defaultProfileResistsImpersonationTo48Bits() {
        assertEquals(48.0, Profile.defaults().security().impersonationBits());
    }

    @Test
    void defaultProfileResistsAlterationTo32BitsWorstCaseOverFamilies() {
        // (L / 2^k)^A with IPv6's L = 2 + 3 + 11 = 16 blocks: (16 / 4096)^4 = 2^-32.
        SecurityFigure figure = Profile.defaults().security();
        assertEquals(OptionalDouble.of(32.0), figure.alterationBits());
        assertEquals(32.0, figure.weakestBits());
    }

    @Test
    void unboundSealedProfileHasNoAlterationFigure() {
        SecurityFigure figure = Profile.builder().sourceBinding(SourceBinding.NONE).build().security();
        assertEquals(48.0, figure.impersonationBits());
        assertEquals(OptionalDouble.empty(), figure.alterationBits());
    }

    @Test
    void rawProfileLosesTheWindowsBitsAndHasNoAlterationFigure() {
        // W / R^A = 64 / 2^48 = 2^-42.
        SecurityFigure figure = Profile.builder().scheme(Scheme.RAW).build().security();
        assertEquals(42.0, figure.impersonationBits());
        assertEquals(OptionalDouble.empty(), figure.alterationBits());
        assertEquals(42.0, figure.weakestBits());
    }

    @Test
    void rawWindowThatIsNoPowerOfTwoCountsFractionalBits() {
        SecurityFigure figure = Profile.builder().scheme(Scheme.RAW).window(3).build().security();
        assertEquals(48.0 - Math.log(3) / Math.log(2), figure.impersonationBits(), 1e-12);
    }

    @Test
    void impersonationProbabilityIsTwoToTheMinusBits() {
        assertEquals(Math.pow(2, -48), Profile.defaults().security().impersonationProbability());
    }
}
