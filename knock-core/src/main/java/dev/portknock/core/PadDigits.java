package dev.portknock.core;

/**
 * Read access to a pad's digits by index, what a {@link OneTimeScheme} needs to find a raw knock's
 * blocks (their first digits are the knock's). Implemented by the pad files of {@code knock-pad}.
 */
@FunctionalInterface
public interface PadDigits {
    /**
     * Digit {@code i} of the pad.
     *
     * @throws IndexOutOfBoundsException when the pad has no digit {@code i}
     */
    int digit(long index);
}
