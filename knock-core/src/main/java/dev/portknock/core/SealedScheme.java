package dev.portknock.core;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The sealed scheme of PROTOCOL.md §3.3 as pure functions over given pad blocks: a knock is a
 * hint, the command masked by pad digits, and one-time MAC tags over GF(2^k) that cover the
 * header, hint, masked command and (when bound) the source address.
 *
 * <p>A block is the {@code M + 2A} pad digits of one knock: masks {@code q_1..q_M}, then pairs
 * {@code (r_a, s_a)}. Knock digits are {@code P + M + A}: the {@code P} hint digits (high first),
 * masked command, tags. The hint of knock {@code j} is {@code g = (o + j) mod R^P}, with the pad's
 * hint offset {@code o} ({@link Profile#hintOffsetOf}): always 0 with one hint digit, where
 * {@code g = j mod R} as in version 2. The methods without an offset are for one hint digit.
 */
public final class SealedScheme implements OneTimeScheme {
    private final Profile profile;
    private final GaloisField field;
    private final int m;
    private final int a;
    /** P, the hint digits. */
    private final int p;
    /** Message blocks at most: header, hint digits, masked command and an IPv6 address's blocks. */
    private final int messageCapacity;
    /**
     * Per-thread work space for the tags. A verifier checks a knock per call from many threads,
     * and arrays per call would be most of its allocation; the space is zeroed after every use,
     * as the powers derive from pad digits.
     */
    private final ThreadLocal<WorkSpace> workSpace;

    /** The message blocks, and the lane powers of (up to) four tags' keys. */
    private static final class WorkSpace {
        final int[] message;
        final long[] powers;

        WorkSpace(int messageCapacity, int digitBits) {
            this.message = new int[messageCapacity];
            this.powers = new long[digitBits];
        }

        void clear() {
            Arrays.fill(message, 0);
            Arrays.fill(powers, 0);
        }
    }

    /**
     * The scheme for a sealed profile.
     *
     * @throws IllegalArgumentException when the profile is not sealed
     */
    public SealedScheme(Profile profile) {
        this.profile = Objects.requireNonNull(profile, "profile");
        if (profile.scheme() != Scheme.SEALED) {
            throw new IllegalArgumentException("profile scheme must be sealed: " + profile.scheme().keyword());
        }
        this.field = GaloisField.of(profile.digitBits());
        this.m = profile.commandDigits();
        this.a = profile.tagDigits();
        this.p = profile.hintDigits();
        this.messageCapacity = 1 + p + m + (128 + profile.digitBits() - 1) / profile.digitBits();
        int capacity = messageCapacity;
        int digitBits = profile.digitBits();
        this.workSpace = ThreadLocal.withInitial(() -> new WorkSpace(capacity, digitBits));
    }

    @Override
    public Profile profile() {
        return profile;
    }

    /**
     * The hint digit of knock {@code j} with one hint digit: {@code j mod R}.
     *
     * @throws IllegalStateException when the profile has two hint digits (use {@link #hintOf(long, long)})
     */
    public int hintOf(long knockIndex) {
        requireOneHintDigit();
        return (int) Math.floorMod(knockIndex, (long) profile.radix());
    }

    /**
     * The hint value of knock {@code j} of a pad: {@code g = (o + j) mod R^P}, sent as {@code P}
     * digits, high first.
     *
     * @param hintOffset the pad's offset {@code o} ({@link Profile#hintOffsetOf}; 0 with one hint digit)
     * @param knockIndex j
     * @throws IllegalArgumentException for an offset outside {@code [0, R^P)}, or not 0 with one hint digit
     */
    public long hintOf(long hintOffset, long knockIndex) {
        checkOffset(hintOffset);
        return Math.floorMod(hintOffset + knockIndex, profile.hintSpace());
    }

    /**
     * The hint value a knock carries: its first digit with one hint digit, {@code d_1 * R + d_2}
     * with two. Reads only the first {@code P} digits, which the caller has checked.
     */
    @Override
    public long hintIn(int[] knock) {
        return p == 1 ? knock[0] : (long) knock[0] * profile.radix() + knock[1];
    }

    /**
     * The only knock index a hint can name given the server's cursor, with one hint digit:
     * {@code C + ((h - C) mod R)}. Whether it lies inside the window is the caller's check.
     *
     * @throws IllegalStateException when the profile has two hint digits (use {@link #candidateIndex(long, long, long)})
     */
    public long candidateIndex(long cursor, int hint) {
        requireOneHintDigit();
        return candidateIndex(cursor, 0, hint);
    }

    /**
     * The only knock index at or after {@code from} and before {@code from + R^P} that a hint can
     * name for a pad: {@code from + ((g - o - from) mod R^P)}. A region of at most {@code R^P}
     * blocks starting at {@code from} thus holds at most one block a hint names; whether it holds
     * this one is the caller's check.
     *
     * @param from the first block looked at (the server's region start, or its cursor)
     * @param hintOffset the pad's offset {@code o} (0 with one hint digit)
     * @param hint the knock's hint value {@code g} ({@link #hintIn})
     */
    public long candidateIndex(long from, long hintOffset, long hint) {
        return from + Math.floorMod(hint - hintOffset - from, profile.hintSpace());
    }

    /**
     * The digits of knock {@code j} with one hint digit: {@link #encode(long, long, int[], int[], Optional)}
     * with no offset.
     *
     * @throws IllegalStateException when the profile has two hint digits
     */
    public int[] encode(long knockIndex, int[] block, int[] command, Optional<InetAddress> boundSource) {
        requireOneHintDigit();
        return encode(knockIndex, 0, block, command, boundSource);
    }

    /**
     * The digits of knock {@code j} of a pad with the given hint offset.
     *
     * @param knockIndex j, the block's index in the pad
     * @param hintOffset the pad's offset {@code o} ({@link Profile#hintOffsetOf}; 0 with one hint digit)
     * @param block the block's {@code M + 2A} pad digits
     * @param command the {@code M} command digits
     * @param boundSource the address the server will see; required when the profile binds the
     *     source, ignored (and may be empty) when it does not
     * @throws IllegalArgumentException for a block or command of the wrong length or with digits
     *     out of range, an offset out of range, or a missing address on a bound profile
     */
    @Override
    public int[] encode(long knockIndex, long hintOffset, int[] block, int[] command,
                        Optional<InetAddress> boundSource) {
        Digits.check("block", block, profile.blockDigits(), profile.radix());
        Digits.check("command", command, m, profile.radix());
        if (knockIndex < 0) {
            throw new IllegalArgumentException("knock index must not be negative: " + knockIndex);
        }
        long hint = hintOf(hintOffset, knockIndex);
        byte[] address = null;
        if (profile.bindsSource()) {
            address = AddressBlocks.canonicalBytes(boundSource.orElseThrow(
                    () -> new IllegalArgumentException("a bound profile needs the source address")));
        }
        int[] knock = new int[profile.knockLength()];
        if (p == 1) {
            knock[0] = (int) hint;
        } else {
            knock[0] = (int) (hint / profile.radix());
            knock[1] = (int) (hint % profile.radix());
        }
        for (int i = 0; i < m; i++) {
            knock[p + i] = command[i] ^ block[i];
        }
        WorkSpace work = workSpace.get();
        try {
            int length = message(knock, address, work.message);
            for (int first = 0; first < a; first += GaloisField.LANE_COUNT) {
                long tags = tags(work, length, block, first);
                for (int t = first; t < Math.min(a, first + GaloisField.LANE_COUNT); t++) {
                    knock[p + m + t] = (int) (tags >>> (16 * (t - first))) & 0xFFFF;
                }
            }
        } finally {
            work.clear();
        }
        return knock;
    }

    /**
     * Whether a received knock carries the right tags for this block and source, compared in
     * constant time over all tags. The hint and masked command are taken from the knock; a knock
     * for another index fails because the hint is part of the tagged message.
     *
     * @param block the candidate block's {@code M + 2A} pad digits
     * @param knock the {@code P + M + A} received digits
     * @param source the source address the packets came from (used when the profile binds it)
     */
    @Override
    public boolean verify(int[] block, int[] knock, InetAddress source) {
        Digits.check("block", block, profile.blockDigits(), profile.radix());
        Digits.check("knock", knock, profile.knockLength(), profile.radix());
        Objects.requireNonNull(source, "source");
        byte[] address = profile.bindsSource() ? AddressBlocks.canonicalBytes(source) : null;
        WorkSpace work = workSpace.get();
        long difference = 0;
        try {
            int length = message(knock, address, work.message);
            for (int first = 0; first < a; first += GaloisField.LANE_COUNT) {
                long received = 0;
                for (int t = first; t < Math.min(a, first + GaloisField.LANE_COUNT); t++) {
                    received |= (long) knock[p + m + t] << (16 * (t - first));
                }
                difference |= tags(work, length, block, first) ^ received;
            }
        } finally {
            work.clear();
        }
        return difference == 0;
    }

    /** The command digits of a verified knock: {@code m_i = c_i XOR q_i}. */
    @Override
    public int[] decodeCommand(int[] block, int[] knock) {
        Digits.check("block", block, profile.blockDigits(), profile.radix());
        Digits.check("knock", knock, profile.knockLength(), profile.radix());
        int[] command = new int[m];
        for (int i = 0; i < m; i++) {
            command[i] = knock[p + i] ^ block[i];
        }
        return command;
    }

    /** The high digit of knock {@code j}'s hint {@code (o + j) mod R^P}. */
    @Override
    public int firstDigitOf(long knockIndex, long hintOffset, PadDigits pad) {
        return (int) (hintOf(hintOffset, knockIndex) >>> (profile.digitBits() * (p - 1)));
    }

    /** {@link #candidateIndex(long, long, long)}, or {@code end} when it lies at or past it; the pad is not read. */
    @Override
    public long nextCandidate(long from, long end, long hintOffset, long hint, PadDigits pad) {
        long j = candidateIndex(from, hintOffset, hint);
        return j < end ? j : end;
    }

    /**
     * By arithmetic, the pad not read: the hints of {@code [from, to)} run consecutively (modulo
     * {@code R^P}) from the hint of {@code from}, and those starting with the digit are the
     * {@code R^(P-1)} consecutive values from {@code digit * R^(P-1)}; the two runs meet or not.
     */
    @Override
    public boolean startsWithin(long from, long to, int firstDigit, long hintOffset, PadDigits pad) {
        long count = to - from;
        if (count <= 0) {
            return false;
        }
        long space = profile.hintSpace();
        long valuesPerDigit = space / profile.radix();
        // where the digit's run begins, counted from the range's first hint
        long start = Math.floorMod(firstDigit * valuesPerDigit - hintOf(hintOffset, from), space);
        return start < count || start > space - valuesPerDigit;
    }

    /** True: a hint names its block by arithmetic. */
    @Override
    public boolean locatesByArithmetic() {
        return true;
    }

    /** True: the tags bind the block's index, so knocks behind the cursor and beyond the window are told apart. */
    @Override
    public boolean recognisesOutsideWindow() {
        return true;
    }

    /**
     * Writes the message blocks x_1..x_L to {@code work[0..L)} and returns L: header, the hint
     * digits (high first), masked command, then the address blocks when bound ({@code address} is
     * null when not).
     */
    private int message(int[] knock, byte[] address, int[] work) {
        if (address == null) {
            work[0] = AddressBlocks.HEADER_UNBOUND;
        } else {
            work[0] = address.length == 4 ? AddressBlocks.HEADER_IPV4 : AddressBlocks.HEADER_IPV6;
        }
        System.arraycopy(knock, 0, work, 1, p + m);
        int length = 1 + p + m;
        if (address != null) {
            length += AddressBlocks.write(address, profile.digitBits(), work, length);
        }
        return length;
    }

    private void requireOneHintDigit() {
        if (p != 1) {
            throw new IllegalStateException("a profile with two hint digits needs the pad's hint offset");
        }
    }

    private void checkOffset(long hintOffset) {
        if (p == 1 && hintOffset != 0) {
            throw new IllegalArgumentException("hint offset must be 0 with one hint digit: " + hintOffset);
        }
        if (hintOffset < 0 || hintOffset >= profile.hintSpace()) {
            throw new IllegalArgumentException("hint offset must be in 0.." + (profile.hintSpace() - 1) + ": "
                    + hintOffset);
        }
    }

    /**
     * Tags {@code first..first+3} (those below A) side by side in the lanes of a long, lane j for
     * tag {@code first + j}: {@code t = s XOR sum_{l=1..L} x_l * r^l}, by Horner's rule from x_L
     * down to x_1, every lane multiplied by its own key in the same steps. Lanes past A hold 0.
     */
    private long tags(WorkSpace work, int length, int[] block, int first) {
        long keys = 0;
        long pads = 0;
        for (int t = first; t < Math.min(a, first + GaloisField.LANE_COUNT); t++) {
            keys |= (long) block[m + 2 * t] << (16 * (t - first));
            pads |= (long) block[m + 2 * t + 1] << (16 * (t - first));
        }
        field.lanePowersInto(keys, work.powers, 0);
        int[] message = work.message;
        long accumulator = 0;
        for (int l = length - 1; l >= 0; l--) {
            accumulator = field.multiplyLanesByPowers(accumulator ^ message[l] * GaloisField.LANES, work.powers, 0);
        }
        return accumulator ^ pads;
    }
}
