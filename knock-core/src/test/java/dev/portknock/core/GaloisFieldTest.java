package dev.portknock.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The field's multiplication against a reference computed another way: the full carry-less
 * product first, then long division by the polynomial from the top bit down.
 */
class GaloisFieldTest {

    private static int reference(int a, int b, int k, int polynomial) {
        int product = 0;
        for (int i = 0; i < k; i++) {
            if ((b >>> i & 1) != 0) {
                product ^= a << i;
            }
        }
        for (int bit = 2 * k - 2; bit >= k; bit--) {
            if ((product >>> bit & 1) != 0) {
                product ^= polynomial << (bit - k);
            }
        }
        return product;
    }

    /** The powers of r at offset 1 of an array whose other entries are all ones: offsets must be honoured. */
    private static int[] powersOf(GaloisField field, int r) {
        int[] powers = new int[field.bits() + 2];
        Arrays.fill(powers, -1);
        field.powersInto(r, powers, 1);
        return powers;
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5, 6, 7, 8})
    void everyProductOfSmallFieldsMatchesTheReference(int k) {
        GaloisField field = GaloisField.of(k);
        for (int a = 0; a < 1 << k; a++) {
            for (int b = 0; b < 1 << k; b++) {
                assertEquals(reference(a, b, k, field.polynomial()), field.multiply(a, b), a + " * " + b);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {9, 10, 11, 12, 13, 14, 15})
    void productsOfLargeFieldsMatchTheReference(int k) {
        GaloisField field = GaloisField.of(k);
        SplittableRandom random = new SplittableRandom(k);
        int top = (1 << k) - 1;
        int[] edges = {0, 1, 2, top - 1, top};
        for (int a : edges) {
            for (int b : edges) {
                assertEquals(reference(a, b, k, field.polynomial()), field.multiply(a, b), a + " * " + b);
            }
        }
        for (int n = 0; n < 100_000; n++) {
            int a = random.nextInt(1 << k);
            int b = random.nextInt(1 << k);
            assertEquals(reference(a, b, k, field.polynomial()), field.multiply(a, b), a + " * " + b);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5, 6, 7, 8})
    void everyProductByPowersOfSmallFieldsMatchesTheReference(int k) {
        GaloisField field = GaloisField.of(k);
        for (int r = 0; r < 1 << k; r++) {
            int[] powers = powersOf(field, r);
            for (int a = 0; a < 1 << k; a++) {
                assertEquals(reference(a, r, k, field.polynomial()), field.multiplyByPowers(a, powers, 1), a + " * " + r);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {9, 10, 11, 12, 13, 14, 15})
    void productsByPowersOfLargeFieldsMatchTheReference(int k) {
        GaloisField field = GaloisField.of(k);
        SplittableRandom random = new SplittableRandom(-k);
        int top = (1 << k) - 1;
        for (int r : new int[] {0, 1, 2, top - 1, top}) {
            int[] powers = powersOf(field, r);
            for (int a : new int[] {0, 1, 2, top - 1, top}) {
                assertEquals(reference(a, r, k, field.polynomial()), field.multiplyByPowers(a, powers, 1), a + " * " + r);
            }
        }
        for (int n = 0; n < 1000; n++) {
            int r = random.nextInt(1 << k);
            int[] powers = powersOf(field, r);
            for (int i = 0; i < 100; i++) {
                int a = random.nextInt(1 << k);
                assertEquals(reference(a, r, k, field.polynomial()), field.multiplyByPowers(a, powers, 1), a + " * " + r);
            }
        }
    }
}
