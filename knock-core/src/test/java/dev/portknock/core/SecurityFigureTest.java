package dev.portknock.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Forgery probabilities per attempt (PROTOCOL.md §3). */
class SecurityFigureTest {

    @Test
    void defaultProfileResistsImpersonationTo84Bits() {
        assertEquals(84.0, Profile.defaults().security().impersonationBits());
    }

    @Test
    void aYearOfAMillionGuessesASecondOpensTheDefaultDoorWithProbabilityBelowTwoToTheMinus30() {
        // 2^-84 per guess, 3.15 * 10^13 = 2^44.84 guesses: 2^-39.16
        assertEquals(39.16, Profile.defaults().security().yearOfGuessingBits(), 0.01);
        assertTrue(Profile.defaults().security().yearOfGuessingBits() >= 30);
    }

    @Test
    void theFormerDefaultOfFourTagsWouldBeOpenedWithinAYear() {
        assertTrue(Profile.builder().tagDigits(4).build().security().yearOfGuessingBits() < 30);
    }

    @Test
    void defaultProfileResistsAlterationTo56BitsWorstCaseOverFamilies() {
        // (L / 2^k)^A with IPv6's L = 2 + 3 + 11 = 16 blocks: (16 / 4096)^7 = 2^-56.
        SecurityFigure figure = Profile.defaults().security();
        assertEquals(OptionalDouble.of(56.0), figure.alterationBits());
        assertEquals(56.0, figure.weakestBits());
    }

    @Test
    void unboundSealedProfileHasNoAlterationFigure() {
        SecurityFigure figure = Profile.builder().sourceBinding(SourceBinding.NONE).build().security();
        assertEquals(84.0, figure.impersonationBits());
        assertEquals(OptionalDouble.empty(), figure.alterationBits());
    }

    @Test
    void rawProfileLosesTheWindowsBitsAndHasNoAlterationFigure() {
        // W / R^A = 64 / 2^84 = 2^-78.
        SecurityFigure figure = Profile.builder().scheme(Scheme.RAW).build().security();
        assertEquals(78.0, figure.impersonationBits());
        assertEquals(OptionalDouble.empty(), figure.alterationBits());
        assertEquals(78.0, figure.weakestBits());
    }

    @Test
    void rawWindowThatIsNoPowerOfTwoCountsFractionalBits() {
        SecurityFigure figure = Profile.builder().scheme(Scheme.RAW).window(3).build().security();
        assertEquals(84.0 - Math.log(3) / Math.log(2), figure.impersonationBits(), 1e-12);
    }

    @Test
    void impersonationProbabilityIsTwoToTheMinusBits() {
        assertEquals(Math.pow(2, -84), Profile.defaults().security().impersonationProbability());
    }

    @Test
    void twoHintDigitsLengthenTheMessageByOneBlock() {
        // IPv6's L = 1 + 2 + 3 + 11 = 17 blocks: (17 / 4096)^7 = 2^-55.39
        SecurityFigure figure = Profile.builder().hintDigits(2).build().security();
        assertEquals(84.0, figure.impersonationBits());
        assertEquals(7 * (12 - Math.log(17) / Math.log(2)), figure.alterationBits().getAsDouble(), 1e-12);
    }

    @Test
    void aKnockCheckedAgainstManyPadsTakesTheirLogarithmOffTheYearBound() {
        assertEquals(39.16 - 10, Profile.defaults().security().yearOfGuessingBits(1024), 0.01);
    }

    @Test
    void fewerThanOnePadPerKnockIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Profile.defaults().security().yearOfGuessingBits(0));
        assertEquals("pads per knock must be at least 1: 0", e.getMessage());
    }
}
