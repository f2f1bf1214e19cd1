package dev.portknock.pad;

import java.util.Objects;

/**
 * A knock the client may send: its pad position, digits and destination ports in sending order.
 *
 * @param padId the pad it was cut from
 * @param knockIndex j, the pad block it consumed
 * @param digits the knock's digits (copied in and out)
 * @param ports the destination ports, {@code base + digit} (copied in and out)
 */
public record IssuedKnock(PadId padId, long knockIndex, int[] digits, int[] ports) {
    /** Validates and copies. */
    public IssuedKnock {
        Objects.requireNonNull(padId, "padId");
        digits = Objects.requireNonNull(digits, "digits").clone();
        ports = Objects.requireNonNull(ports, "ports").clone();
        if (knockIndex < 0) {
            throw new IllegalArgumentException("knock index must not be negative: " + knockIndex);
        }
        if (digits.length != ports.length) {
            throw new IllegalArgumentException("a knock needs one port per digit: " + digits.length + " digits, "
                    + ports.length + " ports");
        }
    }

    /** The digits, copied. */
    @Override
    public int[] digits() {
        return digits.clone();
    }

    /** The ports, copied. */
    @Override
    public int[] ports() {
        return ports.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IssuedKnock k && padId.equals(k.padId) && knockIndex == k.knockIndex
                && java.util.Arrays.equals(digits, k.digits) && java.util.Arrays.equals(ports, k.ports);
    }

    @Override
    public int hashCode() {
        return Objects.hash(padId, knockIndex, java.util.Arrays.hashCode(digits));
    }

    /** The pad and index only: the digits are one-time secrets until sent. */
    @Override
    public String toString() {
        return "IssuedKnock[" + padId + ", " + knockIndex + "]";
    }
}
