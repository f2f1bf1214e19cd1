package dev.portknock.core;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The raw one-time scheme of PROTOCOL.md §3.2: a knock is the {@code A} digits of a pad block
 * followed by the {@code M} command digits in clear. Compatible with knockd's
 * {@code one_time_sequences}; neither bound to the source nor authenticating the command.
 */
public final class RawScheme implements OneTimeScheme {
    private final Profile profile;

    /**
     * The scheme for a raw profile.
     *
     * @throws IllegalArgumentException when the profile is not raw
     */
    public RawScheme(Profile profile) {
        this.profile = Objects.requireNonNull(profile, "profile");
        if (profile.scheme() != Scheme.RAW) {
            throw new IllegalArgumentException("profile scheme must be raw: " + profile.scheme().keyword());
        }
    }

    @Override
    public Profile profile() {
        return profile;
    }

    /** The digits of a knock: the block's {@code A} digits, then the command's {@code M}. */
    public int[] encode(int[] block, int[] command) {
        Digits.check("block", block, profile.tagDigits(), profile.radix());
        Digits.check("command", command, profile.commandDigits(), profile.radix());
        int[] knock = Arrays.copyOf(block, profile.knockLength());
        System.arraycopy(command, 0, knock, block.length, command.length);
        return knock;
    }

    /** Whether the knock's first {@code A} digits equal the block, compared in constant time. */
    public boolean matches(int[] block, int[] knock) {
        Digits.check("block", block, profile.tagDigits(), profile.radix());
        Digits.check("knock", knock, profile.knockLength(), profile.radix());
        int difference = 0;
        for (int i = 0; i < block.length; i++) {
            difference |= block[i] ^ knock[i];
        }
        return difference == 0;
    }

    /** The clear command digits of a knock. */
    public int[] decodeCommand(int[] knock) {
        Digits.check("knock", knock, profile.knockLength(), profile.radix());
        return Arrays.copyOfRange(knock, profile.tagDigits(), knock.length);
    }

    /** {@link #encode(int[], int[])}: a raw knock carries neither its index nor a hint nor the source. */
    @Override
    public int[] encode(long knockIndex, long hintOffset, int[] block, int[] command,
                        Optional<InetAddress> boundSource) {
        if (knockIndex < 0) {
            throw new IllegalArgumentException("knock index must not be negative: " + knockIndex);
        }
        if (hintOffset != 0) {
            throw new IllegalArgumentException("hint offset must be 0 with one hint digit: " + hintOffset);
        }
        return encode(block, command);
    }

    /** {@link #matches}: a raw knock is not bound to its source. */
    @Override
    public boolean verify(int[] block, int[] knock, InetAddress source) {
        Objects.requireNonNull(source, "source");
        return matches(block, knock);
    }

    /** {@link #decodeCommand(int[])}: the command is in clear, the block is not needed. */
    @Override
    public int[] decodeCommand(int[] block, int[] knock) {
        return decodeCommand(knock);
    }

    /** The knock's first digit, which is its block's. */
    @Override
    public long hintIn(int[] knock) {
        return knock[0];
    }

    @Override
    public int firstDigitOf(long knockIndex, long hintOffset, PadDigits pad) {
        return pad.digit(knockIndex * profile.blockDigits());
    }

    @Override
    public long nextCandidate(long from, long end, long hintOffset, long hint, PadDigits pad) {
        int blockDigits = profile.blockDigits();
        long j = from;
        while (j < end && pad.digit(j * blockDigits) != hint) {
            j++;
        }
        return j;
    }

    @Override
    public boolean startsWithin(long from, long to, int firstDigit, long hintOffset, PadDigits pad) {
        return nextCandidate(from, to, hintOffset, firstDigit, pad) < to;
    }

    /** False: a raw knock's blocks are found by reading the pad. */
    @Override
    public boolean locatesByArithmetic() {
        return false;
    }

    /** False: a raw door has no region beyond its window (PROTOCOL.md §3.4). */
    @Override
    public boolean recognisesOutsideWindow() {
        return false;
    }
}
