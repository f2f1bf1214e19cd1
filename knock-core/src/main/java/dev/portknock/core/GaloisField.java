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
     * Writes the products {@code r * x^i}, i in {@code 0..k-1}, to {@code powers[offset..offset+k)}.
     * With them a product by {@code r} is k masked XORs and no reduction
     * ({@link #multiplyByPowers}): Horner's rule multiplies every message block by the same key
     * {@code r}, so this halves the work of a MAC tag. The products derive from a key: the caller
     * zeroes them when done. Writing into the caller's array lets a verifier reuse one scratch
     * array instead of allocating per tag.
     */
    void powersInto(int r, int[] powers, int offset) {
        int x = r;
        for (int i = 0; i < bits; i++) {
            powers[offset + i] = x;
            x <<= 1;
            x ^= polynomial & -(x >>> bits);
        }
    }

    /**
     * {@code a * r}, given the {@link #powersInto powers of r} at {@code powers[offset..offset+k)};
     * constant time and branch-free like {@link #multiplyUnchecked(int, int)}.
     */
    int multiplyByPowers(int a, int[] powers, int offset) {
        int product = 0;
        for (int i = 0; i < bits; i++) {
            product ^= powers[offset + i] & -((a >>> i) & 1);
        }
        return product;
    }

    private void checkElement(int value) {
        if (value < 0 || value >= top) {
            throw new IllegalArgumentException("element must be in 0.." + (top - 1) + ": " + value);
        }
    }
}
