package dev.portknock.core;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Round trips and tamper properties of the digit mapping and the raw and sealed schemes. */
class SchemePropertyTest {

    /** One sealed knock's inputs: profile, index, pad block, command and the client's address. */
    record SealedCase(Profile profile, long index, int[] block, int[] command, InetAddress source) {
        SealedScheme scheme() {
            return new SealedScheme(profile);
        }

        int[] knock() {
            return scheme().encode(index, block, command, Optional.of(source));
        }

        /** Whether some tag key r_a is non-zero, so that the tag depends on the message. */
        boolean someTagKeyIsNonZero() {
            for (int t = 0; t < profile.tagDigits(); t++) {
                if (block[profile.commandDigits() + 2 * t] != 0) {
                    return true;
                }
            }
            return false;
        }
    }

    /** One raw knock's inputs. */
    record RawCase(Profile profile, int[] block, int[] command) {
    }

    private static Arbitrary<int[]> digits(int radix, int count) {
        return Arbitraries.integers().between(0, radix - 1).array(int[].class).ofSize(count);
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** {@code ::ffff:a.b.c.d} kept as an {@link Inet6Address} (InetAddress.getByAddress would unwrap it). */
    private static InetAddress ipv4Mapped(byte[] ipv4) {
        byte[] bytes = new byte[16];
        bytes[10] = (byte) 0xFF;
        bytes[11] = (byte) 0xFF;
        System.arraycopy(ipv4, 0, bytes, 12, 4);
        try {
            return Inet6Address.getByAddress(null, bytes, -1);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Provide
    Arbitrary<InetAddress> addresses() {
        Arbitrary<byte[]> four = Arbitraries.bytes().array(byte[].class).ofSize(4);
        Arbitrary<byte[]> sixteen = Arbitraries.bytes().array(byte[].class).ofSize(16);
        return Arbitraries.oneOf(four.map(SchemePropertyTest::address), sixteen.map(SchemePropertyTest::address),
                four.map(SchemePropertyTest::ipv4Mapped));
    }

    /** Digits drawn uniformly, as a pad's are: no edge cases, no shrinking. */
    private static Arbitrary<int[]> uniformDigits(int radix, int count) {
        return Arbitraries.randomValue(random -> random.ints(count, 0, radix).toArray());
    }

    private Arbitrary<SealedCase> sealedCases(int minBits, int minTags, Arbitrary<SourceBinding> bindings,
                                              boolean uniformPad) {
        return Combinators.combine(Arbitraries.integers().between(minBits, 15),
                        Arbitraries.integers().between(0, 4), Arbitraries.integers().between(minTags, 6), bindings)
                .flatAs((k, m, a, binding) -> {
                    Profile profile = Profile.builder().base(1).digitBits(k).commandDigits(m).tagDigits(a)
                            .window(1).sourceBinding(binding).acceptWeakness().build();
                    Arbitrary<int[]> blocks = uniformPad
                            ? uniformDigits(profile.radix(), profile.blockDigits())
                            : digits(profile.radix(), profile.blockDigits());
                    return Combinators.combine(Arbitraries.longs().greaterOrEqual(0), blocks,
                                    digits(profile.radix(), m), addresses())
                            .as((index, block, command, source) -> new SealedCase(profile, index, block, command, source));
                });
    }

    @Provide
    Arbitrary<SealedCase> sealed() {
        return sealedCases(4, 1, Arbitraries.of(SourceBinding.class), false);
    }

    /**
     * Realistic bound profiles (k >= 12, A >= 4) with a uniformly random pad block, as real pads
     * are: for any two distinct sources the tags collide with probability at most
     * {@code (L / 2^k)^A <= (17 / 4096)^4 < 2^-31} (PROTOCOL.md §3.3), so a failure here is a bug,
     * not bad luck. A structured block (say every r = 1) collides easily, which is why the pad
     * must be random.
     */
    @Provide
    Arbitrary<SealedCase> sealedBoundStrong() {
        return sealedCases(12, 4, Arbitraries.just(SourceBinding.BIND), true);
    }

    @Provide
    Arbitrary<RawCase> raw() {
        return Combinators.combine(Arbitraries.integers().between(4, 15), Arbitraries.integers().between(0, 4),
                        Arbitraries.integers().between(1, 6))
                .flatAs((k, m, a) -> {
                    Profile profile = Profile.builder().scheme(Scheme.RAW).base(1).digitBits(k).commandDigits(m)
                            .tagDigits(a).window(1).acceptWeakness().build();
                    return Combinators.combine(digits(profile.radix(), a), digits(profile.radix(), m))
                            .as((block, command) -> new RawCase(profile, block, command));
                });
    }

    /** Raw profiles of every digit size at every base that fits. */
    @Provide
    Arbitrary<Profile> profiles() {
        return Arbitraries.integers().between(4, 15).flatMap(k -> Arbitraries.integers().between(1, 65536 - (1 << k))
                .map(base -> Profile.builder().scheme(Scheme.RAW).base(base).digitBits(k).window(1)
                        .acceptWeakness().build()));
    }

    @Property
    boolean everyDigitRoundTripsThroughItsPort(@ForAll("profiles") Profile profile,
                                               @ForAll @IntRange(min = 0, max = 32767) int anyDigit) {
        int digit = anyDigit % profile.radix();
        int port = profile.portOf(digit);
        return port >= profile.base() && port <= profile.lastPort() && profile.digitOf(port) == digit;
    }

    @Property
    boolean everyPortMapsToNoDigitOrBackToItself(@ForAll("profiles") Profile profile,
                                                 @ForAll @IntRange(min = 0, max = 65535) int port) {
        int digit = profile.digitOf(port);
        boolean inRange = port >= profile.base() && port <= profile.lastPort();
        return inRange ? digit != Profile.NO_DIGIT && profile.portOf(digit) == port : digit == Profile.NO_DIGIT;
    }

    @Property
    boolean sealedKnockVerifiesAndDecodesToItsCommand(@ForAll("sealed") SealedCase c) {
        int[] knock = c.knock();
        return c.scheme().verify(c.block(), knock, c.source())
                && Arrays.equals(c.command(), c.scheme().decodeCommand(c.block(), knock))
                && knock[0] == c.scheme().hintOf(c.index());
    }

    @Property
    boolean sealedKnockWithOneChangedDigitFailsVerification(@ForAll("sealed") SealedCase c,
                                                            @ForAll @IntRange(min = 0, max = 100) int position,
                                                            @ForAll @IntRange(min = 1, max = 32767) int change) {
        // A changed hint or command digit moves every tag by delta * r^l, non-zero unless r is 0.
        Assume.that(c.someTagKeyIsNonZero() && change % c.profile().radix() != 0);
        int[] knock = c.knock();
        knock[position % knock.length] ^= change % c.profile().radix();
        return !c.scheme().verify(c.block(), knock, c.source());
    }

    @Property
    boolean boundSealedKnockFromAnotherSourceFailsVerification(@ForAll("sealedBoundStrong") SealedCase c,
                                                               @ForAll("addresses") InetAddress other) {
        Assume.that(!Arrays.equals(AddressBlocks.canonicalBytes(c.source()), AddressBlocks.canonicalBytes(other)));
        return !c.scheme().verify(c.block(), c.knock(), other);
    }

    @Property
    boolean boundSealedKnockVerifiesFromTheIpv4MappedFormOfItsSource(@ForAll("sealed") SealedCase c) {
        Assume.that(c.source().getAddress().length == 4);
        return c.scheme().verify(c.block(), c.knock(), ipv4Mapped(c.source().getAddress()));
    }

    @Property
    boolean rawKnockMatchesItsBlockAndDecodesToItsCommand(@ForAll("raw") RawCase c) {
        RawScheme scheme = new RawScheme(c.profile());
        int[] knock = scheme.encode(c.block(), c.command());
        return knock.length == c.profile().knockLength() && scheme.matches(c.block(), knock)
                && Arrays.equals(c.command(), scheme.decodeCommand(knock));
    }

    @Property
    boolean rawKnockWithOneChangedBlockDigitDoesNotMatch(@ForAll("raw") RawCase c,
                                                         @ForAll @IntRange(min = 0, max = 100) int position,
                                                         @ForAll @IntRange(min = 1, max = 32767) int change) {
        Assume.that(change % c.profile().radix() != 0);
        RawScheme scheme = new RawScheme(c.profile());
        int[] knock = scheme.encode(c.block(), c.command());
        knock[position % c.block().length] ^= change % c.profile().radix();
        return !scheme.matches(c.block(), knock);
    }
}
