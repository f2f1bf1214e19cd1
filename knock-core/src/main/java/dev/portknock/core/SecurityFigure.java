package dev.portknock.core;

import java.util.OptionalDouble;

/**
 * The forgery probabilities of a profile per attempt, as powers of two (PROTOCOL.md §3).
 *
 * @param impersonationBits a blind guess is accepted with probability {@code 2^-impersonationBits}
 * @param alterationBits for sealed, bound doors: altering a seen knock (its command or its source)
 *     succeeds with probability {@code 2^-alterationBits}, worst case over address families;
 *     empty where nothing binds the command and source (raw, unbound sealed)
 */
public record SecurityFigure(double impersonationBits, OptionalDouble alterationBits) {

    /**
     * {@code log2} of the guesses in a year at a million forged knocks a second: the attacker
     * PROTOCOL.md §5 holds the default profile against (365 days, 3.15 * 10^13 guesses).
     */
    public static final double YEAR_OF_GUESSES_BITS = Math.log(1e6 * 365 * 86_400) / Math.log(2);

    /**
     * The bound PROTOCOL.md §3.3 holds a door to: a year of guessing opens it with probability at
     * most {@code 2^-30}.
     */
    public static final double YEAR_OF_GUESSING_BOUND_BITS = 30.0;

    /** The figure of a scheme with the given parameters. */
    static SecurityFigure of(Scheme scheme, int k, int m, int a, int p, int w, SourceBinding binding) {
        if (scheme == Scheme.RAW) {
            // W candidate blocks, each matched with probability R^-A.
            return new SecurityFigure((double) k * a - log2(w), OptionalDouble.empty());
        }
        double impersonation = (double) k * a;
        if (binding == SourceBinding.NONE) {
            return new SecurityFigure(impersonation, OptionalDouble.empty());
        }
        // (L / 2^k)^A with L the message length in blocks (header, P hint digits, M masked command
        // digits, the address); IPv6 gives the longest message.
        int messageBlocks = 1 + p + m + (128 + k - 1) / k;
        return new SecurityFigure(impersonation, OptionalDouble.of(a * (k - log2(messageBlocks))));
    }

    /** Exact for powers of two, so that a profile right at the 2^-32 limit is not refused by rounding. */
    private static double log2(int x) {
        int floor = 31 - Integer.numberOfLeadingZeros(x);
        return x == 1 << floor ? floor : Math.log(x) / Math.log(2);
    }

    /** The smaller of the two exponents: the profile's weakest point. */
    public double weakestBits() {
        return alterationBits.isPresent() ? Math.min(impersonationBits, alterationBits.getAsDouble()) : impersonationBits;
    }

    /**
     * The bound on opening the door by guessing for a year at a million knocks a second, as a
     * power of two: {@code 2^-yearOfGuessingBits} (a union bound over the guesses; negative means
     * success is all but certain). Independent of any throttle: PROTOCOL.md §5 wants at least 30.
     */
    public double yearOfGuessingBits() {
        return yearOfGuessingBits(1);
    }

    /**
     * {@link #yearOfGuessingBits()} for a door on which each forged knock is checked against up to
     * {@code padsPerKnock} pads (a door of many pads: each of them may accept it), a union bound
     * over the pads too: {@code log2(padsPerKnock)} bits fewer.
     *
     * @throws IllegalArgumentException when {@code padsPerKnock} is below 1
     */
    public double yearOfGuessingBits(int padsPerKnock) {
        if (padsPerKnock < 1) {
            throw new IllegalArgumentException("pads per knock must be at least 1: " + padsPerKnock);
        }
        return impersonationBits - YEAR_OF_GUESSES_BITS - log2(padsPerKnock);
    }

    /** Probability that a blind guess is accepted. */
    public double impersonationProbability() {
        return Math.pow(2, -impersonationBits);
    }
}
