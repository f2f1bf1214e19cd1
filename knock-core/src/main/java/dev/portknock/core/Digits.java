package dev.portknock.core;

import java.util.Objects;

/** Argument checks shared by the schemes: a digit array of the right length, every digit in range. */
final class Digits {
    private Digits() {
    }

    static void check(String what, int[] digits, int expectedLength, int radix) {
        Objects.requireNonNull(digits, what);
        if (digits.length != expectedLength) {
            throw new IllegalArgumentException(
                    what + " must have " + expectedLength + " digits: " + digits.length);
        }
        for (int digit : digits) {
            if (digit < 0 || digit >= radix) {
                throw new IllegalArgumentException(what + " digit out of range 0.." + (radix - 1));
            }
        }
    }
}
