package dev.portknock.core;

/**
 * Arithmetic in GF(2^k), 4 &lt;= k &lt;= 15, reducing by the polynomials of PROTOCOL.md §3.3.
 * Addition is XOR; {@link #multiply(int, int)} is carry-less multiplication modulo the polynomial.
 */
public final class GaloisField {
    private static final int[] POLYNOMIALS = {
        0x13, 0x25, 0x43, 0x83, 0x11D, 0x211, 0x409, 0x805, 0x1053, 0x201B, 0x402B, 0x8003,
    };
    private static final GaloisField[] FIELDS = new GaloisField[16];

    static {
        for (int k = 4; k <= 15; k++) {
            FIELDS[k] = new GaloisField(k, POLYNOMIALS[k - 4]);
        }
    }

    private final int bits;
    private final int polynomial;
    private final int top;

    private GaloisField(int bits, int polynomial) {
        this.bits = bits;
        this.polynomial = polynomial;
        this.top = 1 << bits;
    }

    /**
     * The field with {@code 2^k} elements.
     *
     * @throws IllegalArgumentException when k is not in 4..15
     */
    public static GaloisField of(int k) {
        if (k < 4 || k > 15) {
            throw new IllegalArgumentException("digit bits must be in 4..15: " + k);
        }
        return FIELDS[k];
    }

    /** k, the bits of an element. */
    public int bits() {
        return bits;
    }

    /** The reduction polynomial, bit i the coefficient of x^i. */
    public int polynomial() {
        return polynomial;
    }

    /** The product of two elements of the field. */
    public int multiply(int a, int b) {
        checkElement(a);
        checkElement(b);
        return multiplyUnchecked(a, b);
    }

    /**
     * Product without range checks, for callers that hold validated digits.
     *
     * <p>Constant time and branch-free: exactly {@code k} rounds whatever the operands, each bit
     * of {@code b} and each reduction selected by a mask rather than a branch. The operands are
     * one-time MAC keys and message digits, so neither the time taken nor the branch predictor's
     * state may depend on them; a branch per bit would also be mispredicted about half the time
     * with random keys, which made such a loop slow.
     */
    int multiplyUnchecked(int a, int b) {
        int product = 0;
        int x = a;
        for (int i = 0; i < bits; i++) {
            product ^= x & -((b >>> i) & 1);
            x <<= 1;
            x ^= polynomial & -(x >>> bits);
        }
        return product;
    }

    /**
     * Elements side by side: lane j of a long is bits {@code [16j, 16j + 16)}, so a long holds
     * {@value #LANE_COUNT} elements (k is at most 15). This constant has a one at the bottom of
     * every lane; multiplying an element by it puts the element in every lane.
     */
    static final long LANES = 0x0001_0001_0001_0001L;
    /** Elements a long holds, one per 16-bit lane. */
    static final int LANE_COUNT = 4;

    /**
     * Writes the products {@code r_j * x^i} of up to four keys at once, i in {@code 0..k-1}:
     * lane j of {@code powers[offset + i]} is {@code r_j * x^i}, where {@code r_j} is lane j of
     * {@code keys}. With them, {@link #multiplyLanesByPowers} multiplies every lane by its own key
     * in k masked steps with no reduction: the sealed scheme's A tags each multiply every message
     * block by their own key, so it computes four tags for the cost of one. The products derive
     * from keys: the caller zeroes them when done.
     *
     * <p>Constant time and branch-free: the reduction of each lane is selected by a mask made
     * from the lane's top bit, for all lanes at once.
     */
    void lanePowersInto(long keys, long[] powers, int offset) {
        long x = keys;
        for (int i = 0; i < bits; i++) {
            powers[offset + i] = x;
            x <<= 1;
            // each lane is below 2^(k+1) <= 2^16, so a lane's bit k lands at the bottom of the lane
            x ^= ((x >>> bits) & LANES) * polynomial;
        }
    }

    /**
     * Lane j of the result is {@code a_j * r_j}, given the {@link #lanePowersInto lane powers}
     * of the keys {@code r_j} at {@code powers[offset..offset+k)} and elements {@code a_j} in the
     * lanes of {@code a}. Constant time and branch-free: bit i of every lane is spread over its
     * lane by a multiplication (a lane holds 0 or 0xFFFF, no carry crosses lanes) and selects
     * the power by a mask, never by a branch or a table lookup.
     */
    long multiplyLanesByPowers(long a, long[] powers, int offset) {
        long product = 0;
        for (int i = 0; i < bits; i++) {
            product ^= powers[offset + i] & (((a >>> i) & LANES) * 0xFFFF);
        }
        return product;
    }

    private void checkElement(int value) {
        if (value < 0 || value >= top) {
            throw new IllegalArgumentException("element must be in 0.." + (top - 1) + ": " + value);
        }
    }
}
