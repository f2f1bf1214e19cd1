package dev.portknock.pad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.core.Profile;
import dev.portknock.core.RawScheme;
import dev.portknock.core.Scheme;
import dev.portknock.core.SealedScheme;
import dev.portknock.core.SourceBinding;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random knocks are accepted exactly as often as the security figures say (PROTOCOL.md §3):
 * checked with a deliberately weak profile (k = 4, A = 2, M = 3, unbound) where forgeries are
 * frequent enough to count, and with the default profile, where none may happen.
 *
 * <p>Each count is a binomial variable: n independent attempts each accepted with probability p.
 * The test asserts the count lies within five standard deviations, {@code |X - np| <= 5 sqrt(np(1-p))}.
 * The random streams are seeded, so the test is deterministic; the bound says how far from the
 * expectation a correct implementation can plausibly land (a two-sided 5-sigma excursion has
 * probability below 10^-6), not a tolerance tuned to the seed.
 *
 * <p>A rejected knock consumes nothing, so the scheme-level counts use one pad at cursor 0.
 */
class RandomKnockAcceptanceTest {
    private static final int ATTEMPTS = 1_000_000;
    private static final long SEED = 0x5eed_0f_4b0cL;
    private static final InetAddress SOURCE = address("192.0.2.7");

    @TempDir
    Path dir;

    /** k = 4 (16 ports), A = 2: a single block is guessed with probability 16^-2 = 1/256. */
    private static Profile weak(Scheme scheme, int window) {
        return Profile.builder().scheme(scheme).digitBits(4).tagDigits(2).commandDigits(3).window(window)
                .sourceBinding(SourceBinding.NONE).acceptWeakness().build();
    }

    @Test
    void rawRandomKnocksAreAcceptedAtWindowOver256() throws IOException {
        // raw: the server accepts a knock whose first A digits equal any block in [C, C+W); with
        // W distinct blocks in the window a uniformly random knock matches one with p = W/256
        Profile profile = weak(Scheme.RAW, 4);
        RawScheme raw = new RawScheme(profile);
        Pad pad = TestPads.fromSeed(dir, "raw-statistics", 4, 64);
        int[][] window = new int[profile.window()][];
        Set<Integer> distinct = new HashSet<>();
        for (int j = 0; j < window.length; j++) {
            window[j] = pad.block(j, profile.blockDigits());
            distinct.add(window[j][0] << 4 | window[j][1]);
        }
        assertEquals(profile.window(), distinct.size(), "the window's blocks are distinct, so p is exactly W/256");

        SplittableRandom random = new SplittableRandom(SEED);
        long accepted = 0;
        for (int n = 0; n < ATTEMPTS; n++) {
            int[] knock = randomDigits(random, profile.knockLength(), profile.radix());
            for (int[] block : window) {
                if (raw.matches(block, knock)) {
                    accepted++;
                    break;
                }
            }
        }
        assertWithinFiveSigma(accepted, ATTEMPTS, 4.0 / 256);
    }

    @Test
    void sealedRandomKnocksAreAcceptedAtOneOver256() throws IOException {
        // sealed: the hint names one block; with W = R = 16 every hint lands in the window, so every
        // random knock is one attempt against one block, and its A = 2 tags match with p = 1/256
        Profile profile = weak(Scheme.SEALED, 16);
        SealedScheme sealed = new SealedScheme(profile);
        Pad pad = TestPads.fromSeed(dir, "sealed-statistics", 4, 16 * profile.blockDigits());

        SplittableRandom random = new SplittableRandom(SEED);
        long accepted = 0;
        for (int n = 0; n < ATTEMPTS; n++) {
            int[] knock = randomDigits(random, profile.knockLength(), profile.radix());
            long j = sealed.candidateIndex(0, knock[0]);
            if (sealed.verify(pad.block(j, profile.blockDigits()), knock, SOURCE)) {
                accepted++;
            }
        }
        assertWithinFiveSigma(accepted, ATTEMPTS, 1.0 / 256);
    }

    @Test
    void defaultProfileAcceptsNoneOfAMillionRandomKnocks() throws IOException {
        // each knock's hint is drawn inside the window so that every one is a real attempt; with
        // A = 4 tags of 12 bits p = 2^-48, so even one acceptance in 10^6 has probability < 10^-8
        Profile profile = Profile.defaults();
        SealedScheme sealed = new SealedScheme(profile);
        Pad pad = TestPads.fromSeed(dir, "default-statistics", 12, profile.window() * profile.blockDigits());

        SplittableRandom random = new SplittableRandom(SEED);
        long accepted = 0;
        for (int n = 0; n < ATTEMPTS; n++) {
            int[] knock = randomDigits(random, profile.knockLength(), profile.radix());
            knock[0] = random.nextInt(profile.window());
            if (sealed.verify(pad.block(sealed.candidateIndex(0, knock[0]), profile.blockDigits()), knock, SOURCE)) {
                accepted++;
            }
        }
        assertEquals(0, accepted);
    }

    @Test
    void theVerifierAcceptsRandomKnocksAtTheSameRateAndRejectsConsumeNothing() throws IOException {
        // the same weak sealed door behind the real verifier: 50 000 random knocks, throttling
        // disabled (it would drop attempts after 8 failures a second); an accepted knock moves
        // the cursor past its block, a rejected one must leave the cursor where it was
        Profile profile = weak(Scheme.SEALED, 16);
        int knocks = 50_000;
        Pad pad = TestPads.fromSeed(dir, "verifier-statistics", 4, 4096 * profile.blockDigits());
        InMemoryPadStateStore store = InMemoryPadStateStore.withFreshServerStates(pad);
        DoorVerifier verifier = DoorVerifier.builder(profile, store).pads(pad).failureLimit(Integer.MAX_VALUE)
                .clock(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC)).build();

        SplittableRandom random = new SplittableRandom(SEED);
        long accepted = 0;
        long rejected = 0;
        for (int n = 0; n < knocks; n++) {
            long cursor = store.read(pad.id(), Side.SERVER).cursor();
            Verification outcome = verifier.verify(randomDigits(random, profile.knockLength(), profile.radix()), SOURCE);
            long after = store.read(pad.id(), Side.SERVER).cursor();
            if (outcome instanceof Verification.Accepted a) {
                accepted++;
                assertTrue(a.knockIndex() >= cursor && a.knockIndex() < cursor + profile.window(), "inside the window");
                assertEquals(a.knockIndex() + 1, after, "the accepted block is consumed");
            } else {
                assertEquals(new Verification.Rejected(Verification.Reason.BAD_TAGS), outcome);
                rejected++;
                assertEquals(cursor, after, "a rejected knock consumes nothing");
            }
        }
        verifier.saveFailures();
        assertEquals(rejected, store.read(pad.id(), Side.SERVER).failures(), "every rejection is counted");
        assertWithinFiveSigma(accepted, knocks, 1.0 / 256);
    }

    private static int[] randomDigits(SplittableRandom random, int length, int radix) {
        int[] digits = new int[length];
        for (int i = 0; i < length; i++) {
            digits[i] = random.nextInt(radix);
        }
        return digits;
    }

    private static void assertWithinFiveSigma(long observed, long attempts, double p) {
        double mean = attempts * p;
        double sigma = Math.sqrt(attempts * p * (1 - p));
        assertTrue(Math.abs(observed - mean) <= 5 * sigma, String.format(java.util.Locale.ROOT,
                "%d of %d accepted; expected %.1f +- %.1f (5 sigma)", observed, attempts, mean, 5 * sigma));
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
