package dev.portknock.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Profile validation (exact messages), the digit/port mapping and packet admission. */
class ProfileTest {

    private static String refused(Executable build) {
        return assertThrows(IllegalArgumentException.class, build).getMessage();
    }

    /** Ports 1000..1015: raw, k=4, A=10, W=16 (2^-36 per attempt). */
    private static Profile smallRawProfile() {
        return Profile.builder().scheme(Scheme.RAW).base(1000).digitBits(4).tagDigits(10).window(16).build();
    }

    @Test
    void defaultsAreThoseOfTheProtocol() {
        Profile p = Profile.defaults();
        assertEquals(Scheme.SEALED, p.scheme());
        assertEquals(40000, p.base());
        assertEquals(12, p.digitBits());
        assertEquals(Transport.UDP, p.transport());
        assertEquals(TcpFlagFilter.SYN_ONLY, p.tcpFlags());
        assertEquals(3, p.commandDigits());
        assertEquals(7, p.tagDigits());
        assertEquals(1, p.hintDigits());
        assertEquals(64, p.window());
        assertEquals(SourceBinding.BIND, p.sourceBinding());
        assertEquals(Duration.ofSeconds(10), p.sequenceTimeout());
        assertFalse(p.acceptWeakness());
    }

    @Test
    void digitBitsBelowFourAreRefused() {
        assertEquals("digit bits must be in 4..15: 3", refused(() -> Profile.builder().digitBits(3).build()));
    }

    @Test
    void digitBitsAboveFifteenAreRefused() {
        assertEquals("digit bits must be in 4..15: 16", refused(() -> Profile.builder().digitBits(16).build()));
    }

    @Test
    void baseBelowOneIsRefused() {
        assertEquals("base port must be at least 1: 0", refused(() -> Profile.builder().base(0).build()));
    }

    @Test
    void rangePassing65535IsRefused() {
        assertEquals("port range 61441..65536 passes 65535", refused(() -> Profile.builder().base(61441).build()));
    }

    @Test
    void rangeEndingAt65535IsAccepted() {
        assertEquals(65535, Profile.builder().base(61440).build().lastPort());
    }

    @Test
    void windowAboveTheRadixIsRefused() {
        assertEquals("window must be in 1..4096: 4097", refused(() -> Profile.builder().window(4097).build()));
    }

    @Test
    void windowBelowOneIsRefused() {
        assertEquals("window must be in 1..4096: 0", refused(() -> Profile.builder().window(0).build()));
    }

    @Test
    void negativeCommandDigitsAreRefused() {
        assertEquals("command digits must not be negative: -1",
                refused(() -> Profile.builder().commandDigits(-1).build()));
    }

    @Test
    void tagDigitsBelowOneAreRefused() {
        assertEquals("tag digits must be at least 1: 0", refused(() -> Profile.builder().tagDigits(0).build()));
    }

    @Test
    void zeroTimeoutIsRefused() {
        assertEquals("sequence timeout must be positive: PT0S",
                refused(() -> Profile.builder().sequenceTimeout(Duration.ZERO).build()));
    }

    @Test
    void negativeTimeoutIsRefused() {
        assertEquals("sequence timeout must be positive: PT-1S",
                refused(() -> Profile.builder().sequenceTimeout(Duration.ofSeconds(-1)).build()));
    }

    @Test
    void weakProfileIsRefused() {
        assertEquals("profile allows forgery with probability 2^-24.0 per attempt, weaker than 2^-32;"
                        + " accept the weakness explicitly to use it",
                refused(() -> Profile.builder().digitBits(8).tagDigits(3).sourceBinding(SourceBinding.NONE).build()));
    }

    @Test
    void weakProfileIsAcceptedWhenTheWeaknessIsAccepted() {
        Profile p = Profile.builder().digitBits(8).tagDigits(3).sourceBinding(SourceBinding.NONE)
                .acceptWeakness().build();
        assertEquals(24.0, p.security().weakestBits());
    }

    @Test
    void settingAnOptionTwiceIsMisuse() {
        Profile.Builder builder = Profile.builder().base(1000);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> builder.base(2000));
        assertEquals("base already set to 1000", e.getMessage());
    }

    @Test
    void toBuilderStartsFromTheProfilesValues() {
        Profile p = Profile.builder().base(1000).digitBits(10).sourceBinding(SourceBinding.NONE).build();
        assertEquals(p, p.toBuilder().build());
        assertEquals(2000, p.toBuilder().base(2000).build().base());
    }

    @Test
    void portsMapToDigitsFromTheBase() {
        Profile p = smallRawProfile();
        assertEquals(0, p.digitOf(1000));
        assertEquals(15, p.digitOf(1015));
        assertEquals(1000, p.portOf(0));
        assertEquals(1015, p.portOf(15));
        assertEquals(OptionalInt.of(7), p.digit(1007));
    }

    @Test
    void portsOutsideTheRangeCarryNoDigit() {
        Profile p = smallRawProfile();
        assertEquals(Profile.NO_DIGIT, p.digitOf(999));
        assertEquals(Profile.NO_DIGIT, p.digitOf(1016));
        assertEquals(Profile.NO_DIGIT, p.digitOf(0));
        assertEquals(Profile.NO_DIGIT, p.digitOf(65535));
        assertEquals(OptionalInt.empty(), p.digit(1016));
    }

    @Test
    void digitsOutsideTheRadixHaveNoPort() {
        Profile p = smallRawProfile();
        assertEquals("digit must be in 0..15: 16", refused(() -> p.portOf(16)));
        assertEquals("digit must be in 0..15: -1", refused(() -> p.portOf(-1)));
    }

    @Test
    void knockAndBlockSizesFollowTheScheme() {
        Profile sealed = Profile.defaults();
        assertEquals(11, sealed.knockLength());
        assertEquals(17, sealed.blockDigits());
        Profile raw = Profile.builder().scheme(Scheme.RAW).build();
        assertEquals(10, raw.knockLength());
        assertEquals(7, raw.blockDigits());
        assertFalse(raw.bindsSource());
        assertTrue(sealed.bindsSource());
    }

    @Test
    void admitsInRangePacketsOfItsTransportAndFlags() throws Exception {
        Profile tcp = Profile.builder().transport(Transport.TCP).build();
        InetAddress a = InetAddress.getByName("192.0.2.10");
        InetAddress b = InetAddress.getByName("192.0.2.1");
        assertTrue(tcp.admits(PacketEvent.tcp(Instant.EPOCH, a, b, 40000, TcpFlagFilter.SYN)));
        assertFalse(tcp.admits(PacketEvent.tcp(Instant.EPOCH, a, b, 40000, TcpFlagFilter.SYN | TcpFlagFilter.ACK)));
        assertFalse(tcp.admits(PacketEvent.udp(Instant.EPOCH, a, b, 40000)));
        assertFalse(tcp.admits(PacketEvent.tcp(Instant.EPOCH, a, b, 39999, TcpFlagFilter.SYN)));
        assertTrue(Profile.defaults().admits(PacketEvent.udp(Instant.EPOCH, a, b, 44095)));
    }

    @Test
    void theDefaultProfileHasJustEnoughTagDigitsAgainstAYearOfGuessing() {
        assertEquals(7, Profile.defaults().tagDigitsAgainstAYearOfGuessing());
    }

    @Test
    void smallerDigitsNeedMoreTagDigitsAgainstAYearOfGuessing() {
        // 8 bits a tag: 8A >= 74.84 needs A = 10
        assertEquals(10, Profile.builder().digitBits(8).acceptWeakness().build().tagDigitsAgainstAYearOfGuessing());
    }

    @Test
    void aRawDoorPaysForItsWindowAgainstAYearOfGuessing() {
        // 12A - log2(4096) >= 74.84 needs A = 8
        assertEquals(8, Profile.builder().scheme(Scheme.RAW).window(4096).build().tagDigitsAgainstAYearOfGuessing());
    }

    @Test
    void twoHintDigitsMakeASealedKnockOneDigitLonger() {
        Profile p = Profile.builder().hintDigits(2).build();
        assertEquals(2, p.hintDigits());
        assertEquals(12, p.knockLength());
        assertEquals(17, p.blockDigits());
    }

    @Test
    void hintDigitsBelowOneAreRefused() {
        assertEquals("hint digits must be 1 or 2: 0", refused(() -> Profile.builder().hintDigits(0).build()));
    }

    @Test
    void hintDigitsAboveTwoAreRefused() {
        assertEquals("hint digits must be 1 or 2: 3", refused(() -> Profile.builder().hintDigits(3).build()));
    }

    @Test
    void aRawProfileWithTwoHintDigitsIsRefused() {
        assertEquals("hint digits must be 1 for a raw door (a raw knock has no hint): 2",
                refused(() -> Profile.builder().scheme(Scheme.RAW).hintDigits(2).build()));
    }

    @Test
    void settingHintDigitsTwiceIsMisuse() {
        Profile.Builder builder = Profile.builder().hintDigits(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> builder.hintDigits(1));
        assertEquals("hint digits already set to 2", e.getMessage());
    }

    @Test
    void theVersion2ConstructorBuildsAProfileWithOneHintDigit() {
        Profile p = new Profile(Scheme.SEALED, 40000, 12, Transport.UDP, TcpFlagFilter.SYN_ONLY, 3, 7, 64,
                SourceBinding.BIND, Duration.ofSeconds(10), false);
        assertEquals(Profile.defaults(), p);
    }

    @Test
    void toBuilderKeepsTheHintDigits() {
        Profile p = Profile.builder().hintDigits(2).build();
        assertEquals(p, p.toBuilder().build());
    }

    @Test
    void oneHintDigitHasNoOffsetAndAHintSpaceOfR() {
        Profile p = Profile.defaults();
        assertEquals(4096, p.hintSpace());
        assertEquals(0, p.hintOffsetOf(0x0102030405060708L));
    }

    @Test
    void twoHintDigitsTakeTheOffsetModuloRSquaredOfTheIdPrefixReadUnsigned() {
        Profile p = Profile.builder().hintDigits(2).build();
        assertEquals(1L << 24, p.hintSpace());
        assertEquals(0x060708, p.hintOffsetOf(0x0102030405060708L));
        // 2^64 - 1 read unsigned, not -1
        assertEquals((1L << 24) - 1, p.hintOffsetOf(-1L));
    }

    @Test
    void twoHintDigitsOfFiveBitsTakeTheOffsetModulo1024() {
        Profile p = Profile.builder().digitBits(5).hintDigits(2).tagDigits(15).window(8)
                .sourceBinding(SourceBinding.NONE).build();
        assertEquals(1024, p.hintSpace());
        assertEquals(Long.remainderUnsigned(0xF0E1D2C3B4A59687L, 1024), p.hintOffsetOf(0xF0E1D2C3B4A59687L));
    }

    @Test
    void aDoorWhoseKnocksAreCheckedAgainstAThousandPadsNeedsOneMoreTagDigitForTheYearBound() {
        assertEquals(7, Profile.defaults().tagDigitsAgainstAYearOfGuessing(1));
        assertEquals(8, Profile.defaults().tagDigitsAgainstAYearOfGuessing(1024));
    }
}
