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

    /** Four keys (r, r + 5, r + 10, r + 15 in the field) in lanes, their powers at offset 1 of an array of ones. */
    private static long[] lanePowersOf(GaloisField field, int r) {
        long[] powers = new long[field.bits() + 2];
        Arrays.fill(powers, -1L);
        field.lanePowersInto(lanes(field, r, 5), powers, 1);
        return powers;
    }

    /** Lane j holds {@code first + j * step}, reduced into the field. */
    private static long lanes(GaloisField field, int first, int step) {
        long packed = 0;
        for (int j = 0; j < GaloisField.LANE_COUNT; j++) {
            packed |= (long) ((first + j * step) & ((1 << field.bits()) - 1)) << (16 * j);
        }
        return packed;
    }

    /** Every lane of {@code a * r} against the reference product of the lane's element and key. */
    private static void assertLaneProducts(GaloisField field, int a, int r) {
        long product = field.multiplyLanesByPowers(lanes(field, a, 3), lanePowersOf(field, r), 1);
        int mask = (1 << field.bits()) - 1;
        for (int j = 0; j < GaloisField.LANE_COUNT; j++) {
            int aj = (a + 3 * j) & mask;
            int rj = (r + 5 * j) & mask;
            assertEquals(reference(aj, rj, field.bits(), field.polynomial()), (int) (product >>> (16 * j)) & 0xFFFF,
                    "lane " + j + ": " + aj + " * " + rj);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5, 6, 7, 8})
    void everyLaneProductOfSmallFieldsMatchesTheReference(int k) {
        GaloisField field = GaloisField.of(k);
        for (int r = 0; r < 1 << k; r++) {
            for (int a = 0; a < 1 << k; a++) {
                assertLaneProducts(field, a, r);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {9, 10, 11, 12, 13, 14, 15})
    void laneProductsOfLargeFieldsMatchTheReference(int k) {
        GaloisField field = GaloisField.of(k);
        SplittableRandom random = new SplittableRandom(-k);
        int top = (1 << k) - 1;
        for (int r : new int[] {0, 1, 2, top - 1, top}) {
            for (int a : new int[] {0, 1, 2, top - 1, top}) {
                assertLaneProducts(field, a, r);
            }
        }
        for (int n = 0; n < 1000; n++) {
            int r = random.nextInt(1 << k);
            for (int i = 0; i < 100; i++) {
                assertLaneProducts(field, random.nextInt(1 << k), r);
            }
        }
    }
}
