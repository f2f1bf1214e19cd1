package dev.portknock.testkit;

import dev.portknock.core.Profile;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadGenerator;
import dev.portknock.pad.PadId;
import dev.portknock.pad.internal.ChosenDigits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * <strong>FOR TESTS ONLY. A SEEDED PAD IS NEVER A REAL PAD: anyone who knows the seed knows every
 * knock it will ever carry.</strong> Pads whose digits follow from a seed, so a test of a knock
 * protocol reads the same pad on every run and a failure can be reproduced. This is the one place
 * outside test sources where portknock lets a seeded generator write a pad; real pads come from
 * {@link PadGenerator} (or {@code knock pad generate}) and nothing else. Keep this module in
 * {@code <scope>test</scope>}.
 *
 * <p>The digits are PROTOCOL.md §6's test digit stream, {@code SHA-256(seed || u64_be(0)) ||
 * SHA-256(seed || u64_be(1)) || ...} read as k-bit digits, most significant bit first, so a seeded
 * pad holds the same digits as the protocol's test vectors for that seed. Its id is the first 16
 * bytes of {@code SHA-256(seed)}.
 */
public final class TestPads {
    /** The most digits one test pad holds: a test pad is read into memory whole while it is written. */
    public static final int MAX_DIGITS = 1 << 22;
    private static final Pattern SEED = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private TestPads() {
    }

    /**
     * Writes and opens a seeded pad with room for {@code knocks} knocks of the profile, as the file
     * {@code <seed>.pad} in the directory. <strong>For tests only; never a real pad.</strong>
     *
     * @param directory where the pad file is written
     * @param seed letters, digits, '.', '_' and '-', at most 64; it names the file and the pad
     * @param profile the door's profile: its digit bits and block length
     * @param knocks how many knocks the pad holds, at least 1
     * @throws IllegalArgumentException for a seed that is not a file name as above, or a pad of
     *     more than {@link #MAX_DIGITS} digits
     * @throws java.nio.file.FileAlreadyExistsException when the directory holds the file already
     * @throws IOException when the pad cannot be written or read back
     */
    public static Pad seeded(Path directory, String seed, Profile profile, long knocks) throws IOException {
        Objects.requireNonNull(directory, "directory");
        long count = PadGenerator.digitsFor(profile, knocks);
        if (count > MAX_DIGITS) {
            throw new IllegalArgumentException("a test pad holds at most " + MAX_DIGITS + " digits; " + knocks
                    + " knocks of this profile need " + count);
        }
        Path file = directory.resolve(checkSeed(seed) + ".pad");
        ChosenDigits.write(file, idOf(seed), profile.digitBits(), digits(seed, profile.digitBits(), (int) count));
        return Pad.open(file);
    }

    /** The id of the pad {@link #seeded} writes for the seed: the first 16 bytes of SHA-256(seed). */
    public static PadId idOf(String seed) {
        return new PadId(Arrays.copyOf(sha256().digest(checkSeed(seed).getBytes(StandardCharsets.US_ASCII)),
                PadId.LENGTH));
    }

    /**
     * The first {@code count} k-bit digits of the seed's test digit stream (PROTOCOL.md §6).
     *
     * @throws IllegalArgumentException for a count below 1 or above {@link #MAX_DIGITS}
     */
    public static int[] digits(String seed, int digitBits, int count) {
        if (count < 1 || count > MAX_DIGITS) {
            throw new IllegalArgumentException("count must be in 1.." + MAX_DIGITS + ": " + count);
        }
        byte[] seedBytes = checkSeed(seed).getBytes(StandardCharsets.US_ASCII);
        int chunks = (int) (((long) count * digitBits + 255) / 256);
        byte[] stream = new byte[chunks * 32];
        MessageDigest sha = sha256();
        for (int i = 0; i < chunks; i++) {
            sha.update(seedBytes);
            sha.update(ByteBuffer.allocate(Long.BYTES).putLong(i).array());
            System.arraycopy(sha.digest(), 0, stream, i * 32, 32);
        }
        int[] digits = new int[count];
        for (int d = 0; d < count; d++) {
            int value = 0;
            for (int b = 0; b < digitBits; b++) {
                long bit = (long) d * digitBits + b;
                value = (value << 1) | ((stream[(int) (bit >>> 3)] >>> (7 - (bit & 7))) & 1);
            }
            digits[d] = value;
        }
        return digits;
    }

    private static String checkSeed(String seed) {
        Objects.requireNonNull(seed, "seed");
        if (!SEED.matcher(seed).matches()) {
            throw new IllegalArgumentException(
                    "a test pad's seed is 1 to 64 letters, digits, '.', '_' and '-': '" + seed + "'");
        }
        return seed;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
