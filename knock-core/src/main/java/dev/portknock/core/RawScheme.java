package dev.portknock.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * The raw one-time scheme of PROTOCOL.md §3.2: a knock is the {@code A} digits of a pad block
 * followed by the {@code M} command digits in clear. Compatible with knockd's
 * {@code one_time_sequences}; neither bound to the source nor authenticating the command.
 */
public final class RawScheme {
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

    /** The profile this scheme encodes for. */
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
}
