package dev.portknock.core;

import java.net.InetAddress;
import java.util.Optional;

/**
 * A one-time scheme of PROTOCOL.md §3, raw (§3.2) or sealed (§3.3), as its issuer (the client)
 * and its verifier (the server) use it, so that neither needs to know which one it holds (as Bouncy
 * Castle's {@code Mac} lets a caller ignore which MAC it computes). A knock is cut from one pad
 * block; where the schemes differ (a hint, masking, tags, a region beyond the window) each answers
 * for itself. The protocol defines exactly these two, hence a sealed interface.
 *
 * <p>How a server finds a knock's blocks: every block {@code j} of a pad is filed under the first
 * digit its knock starts with ({@link #firstDigitOf}); a received knock carries a hint
 * ({@link #hintIn}) that names its candidate blocks ({@link #nextCandidate}). Sealed: the hint
 * {@code (o + j) mod R^P} names at most one block of any {@code R^P} consecutive ones, found by
 * arithmetic; raw: the hint is the knock's first digit, which is the block's, found by reading the pad.
 */
public sealed interface OneTimeScheme permits RawScheme, SealedScheme {

    /** The scheme a profile names ({@link Profile#scheme()}): raw or sealed. */
    static OneTimeScheme of(Profile profile) {
        return switch (profile.scheme()) {
            case RAW -> new RawScheme(profile);
            case SEALED -> new SealedScheme(profile);
        };
    }

    /** The profile this scheme encodes for. */
    Profile profile();

    /** Digits (packets) in one knock: {@code P + M + A} sealed, {@code A + M} raw. */
    default int knockDigits() {
        return profile().knockLength();
    }

    /** Pad digits one knock consumes: {@code M + 2A} sealed, {@code A} raw. */
    default int blockDigits() {
        return profile().blockDigits();
    }

    /**
     * The digits of knock {@code j} of a pad.
     *
     * @param knockIndex j, the block's index in the pad (sealed: gives the hint; raw: unused)
     * @param hintOffset the pad's hint offset {@code o} ({@link Profile#hintOffsetOf}; 0 with one
     *     hint digit and for raw)
     * @param block the block's {@link #blockDigits()} pad digits
     * @param command the {@code M} command digits
     * @param boundSource the address the server will see; required when the profile binds the
     *     source, ignored (and may be empty) when it does not
     * @throws IllegalArgumentException for a block or command of the wrong length or with digits
     *     out of range, a negative index, an offset out of range, or a missing address on a bound profile
     */
    int[] encode(long knockIndex, long hintOffset, int[] block, int[] command, Optional<InetAddress> boundSource);

    /**
     * Whether a received knock is the one this block makes from this source, compared in constant
     * time: sealed, its tags are right (bound to the source when the profile says so); raw, its
     * first {@code A} digits are the block's.
     */
    boolean verify(int[] block, int[] knock, InetAddress source);

    /** The command digits of a knock cut from this block: unmasked (sealed) or read in clear (raw). */
    int[] decodeCommand(int[] block, int[] knock);

    /**
     * What a knock's candidate blocks are found by: sealed, its hint value (the first {@code P}
     * digits, high first); raw, its first digit. Reads only those digits, which the caller has checked.
     */
    long hintIn(int[] knock);

    /**
     * The first digit knock {@code j} of a pad starts with: the key a server files the block under.
     * Sealed: the hint's high digit; raw: the block's first pad digit.
     */
    int firstDigitOf(long knockIndex, long hintOffset, PadDigits pad);

    /**
     * The first block in {@code [from, end)} a knock with this hint could be, or {@code end} when
     * there is none. Sealed: the one block the hint names among {@code R^P} from {@code from}
     * (a server's region spans at most R blocks, so it holds at most one); raw: every block that
     * begins with the digit, in order.
     */
    long nextCandidate(long from, long end, long hintOffset, long hint, PadDigits pad);

    /** Whether a block of {@code [from, to)} starts a knock with this first digit ({@link #firstDigitOf}). */
    boolean startsWithin(long from, long to, int firstDigit, long hintOffset, PadDigits pad);

    /**
     * Whether {@link #nextCandidate} and {@link #startsWithin} are arithmetic alone (sealed), not a
     * scan of the pad's digits (raw): a server may then ask them freely, without a pad's lock.
     */
    boolean locatesByArithmetic();

    /**
     * Whether a knock that verifies for a block outside the window is told apart (PROTOCOL.md
     * §3.4): sealed tags bind the block's index, so the server looks behind the cursor and up to
     * the resync horizon; a raw door has no region beyond its window.
     */
    boolean recognisesOutsideWindow();
}
