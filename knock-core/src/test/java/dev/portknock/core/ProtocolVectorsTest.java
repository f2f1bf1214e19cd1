package dev.portknock.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every vector of PROTOCOL.md §6 for the core math. */
class ProtocolVectorsTest {

    private static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    private static Profile sealed(int k, int m, int a, SourceBinding binding) {
        return Profile.builder().digitBits(k).commandDigits(m).tagDigits(a).sourceBinding(binding)
                .base(1).acceptWeakness().build();
    }

    @Test
    void gfProductsMatchTheTable() {
        assertEquals(9, GaloisField.of(4).multiply(3, 7));
        assertEquals(5, GaloisField.of(4).multiply(15, 14));
        assertEquals(3, GaloisField.of(4).multiply(2, 8));
        assertEquals(9, GaloisField.of(8).multiply(3, 7));
        assertEquals(29, GaloisField.of(8).multiply(255, 254));
        assertEquals(29, GaloisField.of(8).multiply(2, 128));
        assertEquals(9, GaloisField.of(12).multiply(3, 7));
        assertEquals(117, GaloisField.of(12).multiply(4095, 4094));
        assertEquals(83, GaloisField.of(12).multiply(2, 2048));
        assertEquals(9, GaloisField.of(15).multiply(3, 7));
        assertEquals(21844, GaloisField.of(15).multiply(32767, 32766));
        assertEquals(3, GaloisField.of(15).multiply(2, 16384));
    }

    @Test
    void addressBlocksOfIpv4() throws Exception {
        assertArrayEquals(new int[] {3072, 2, 160}, AddressBlocks.of(ip("192.0.2.10"), 12));
    }

    @Test
    void addressBlocksOfIpv6() throws Exception {
        assertArrayEquals(new int[] {512, 269, 2944, 0, 0, 0, 0, 0, 0, 0, 256},
                AddressBlocks.of(ip("2001:db8::10"), 12));
    }

    @Test
    void testDigitStreamStartsAsPrinted() {
        assertArrayEquals(new int[] {2643, 181, 317, 3723, 3068, 1541, 3412, 3755, 3237, 3871, 410},
                TestDigits.of("vector-1", 12, 11));
        assertArrayEquals(new int[] {1143, 426, 2034, 3726, 3203, 262, 1216, 1960, 2306, 1770},
                TestDigits.of("pad-file", 12, 10));
    }

    @Test
    void s1SealedBoundIpv4() throws Exception {
        SealedScheme scheme = new SealedScheme(sealed(12, 3, 4, SourceBinding.BIND));
        int[] command = {22, 60, 1};
        int[][] expected = {
            {0, 2629, 137, 316, 864, 902, 3154, 2635},
            {1, 2942, 3406, 1829, 734, 3677, 2143, 3744},
            {2, 3271, 2060, 694, 1826, 3624, 3348, 1584},
        };
        for (int j = 0; j < expected.length; j++) {
            int[] block = TestDigits.slice("vector-1", 12, j * 11, 11);
            assertArrayEquals(expected[j], scheme.encode(j, block, command, Optional.of(ip("192.0.2.10"))), "j=" + j);
            assertTrue(scheme.verify(block, expected[j], ip("192.0.2.10")));
            assertArrayEquals(command, scheme.decodeCommand(block, expected[j]));
        }
        int[] block0 = TestDigits.slice("vector-1", 12, 0, 11);
        assertFalse(scheme.verify(block0, expected[0], ip("192.0.2.11")));
    }

    @Test
    void s2SealedUnbound() throws Exception {
        SealedScheme scheme = new SealedScheme(sealed(8, 0, 6, SourceBinding.NONE));
        int[][] expected = {{0, 74, 22, 206, 46, 250, 26}, {1, 59, 247, 165, 109, 57, 225}};
        for (int j = 0; j < expected.length; j++) {
            int[] block = TestDigits.slice("vector-2", 8, j * 12, 12);
            assertArrayEquals(expected[j], scheme.encode(j, block, new int[0], Optional.empty()), "j=" + j);
        }
    }

    @Test
    void s3SealedBoundIpv6() throws Exception {
        SealedScheme scheme = new SealedScheme(sealed(12, 3, 4, SourceBinding.BIND));
        InetAddress source = ip("2001:db8::10");
        assertArrayEquals(new int[] {0, 1316, 7, 855, 2327, 3437, 3146, 430},
                scheme.encode(0, TestDigits.slice("vector-3", 12, 0, 11), new int[] {443, 3600, 0}, Optional.of(source)));
        assertArrayEquals(new int[] {7, 2386, 2467, 1932, 1534, 2971, 1098, 2100},
                scheme.encode(7, TestDigits.slice("vector-3", 12, 77, 11), new int[] {22, 30, 5}, Optional.of(source)));
    }

    @Test
    void s4TheVersion2DefaultProfileBoundIpv4() throws Exception {
        Profile profile = Profile.builder().base(1).build();
        assertEquals(7, profile.tagDigits(), "S4 is the version-2 default profile");
        SealedScheme scheme = new SealedScheme(profile);
        assertArrayEquals(new int[] {2044, 979, 230, 3206, 2058, 1831, 2690, 2573, 767, 2051, 2943, 222, 3895, 277,
            2770, 4012, 56}, TestDigits.of("vector-6", 12, 17));
        int[][] expected = {
            {0, 2026, 1007, 231, 2500, 208, 378, 2845, 1336, 3291, 3549},
            {1, 3710, 1971, 1688, 2221, 872, 1085, 1974, 1297, 2899, 2110},
        };
        for (int j = 0; j < expected.length; j++) {
            int[] block = TestDigits.slice("vector-6", 12, j * 17, 17);
            assertArrayEquals(expected[j], scheme.encode(j, block, new int[] {22, 60, 1},
                    Optional.of(ip("192.0.2.10"))), "j=" + j);
            assertTrue(scheme.verify(block, expected[j], ip("192.0.2.10")));
        }
    }

    @Test
    void s5TwoHintDigitsBoundIpv4() throws Exception {
        Profile profile = Profile.builder().base(1).hintDigits(2).build();
        SealedScheme scheme = new SealedScheme(profile);
        assertArrayEquals(new int[] {2032, 17, 533, 151, 1246, 2062, 1868, 2677, 2187, 3077, 3218, 337, 211, 1641,
            2091, 1114, 3852}, TestDigits.of("vector-7", 12, 17));
        // pad id f0 e1 d2 c3 b4 a5 96 87 ...: 0xF0E1D2C3B4A59687 mod 2^24 = 0xA59687
        long offset = profile.hintOffsetOf(0xF0E1D2C3B4A59687L);
        assertEquals(10_851_975, offset);
        int[][] expected = {
            {2649, 1671, 2022, 45, 532, 3364, 3302, 3830, 3266, 434, 1134, 15},
            {2649, 1672, 3507, 2189, 3933, 3420, 810, 1322, 33, 14, 2670, 2334},
        };
        for (int j = 0; j < expected.length; j++) {
            int[] block = TestDigits.slice("vector-7", 12, j * 17, 17);
            assertArrayEquals(expected[j], scheme.encode(j, offset, block, new int[] {22, 60, 1},
                    Optional.of(ip("192.0.2.10"))), "j=" + j);
            assertTrue(scheme.verify(block, expected[j], ip("192.0.2.10")));
            assertArrayEquals(new int[] {22, 60, 1}, scheme.decodeCommand(block, expected[j]));
            assertEquals(j, scheme.candidateIndex(0, offset, scheme.hintIn(expected[j])));
        }
        assertFalse(scheme.verify(TestDigits.slice("vector-7", 12, 0, 17), expected[0], ip("192.0.2.11")));
        // the pad with id 00 01 .. 0f has offset 0x050607 = 329223: the j=0 knock names its block 10522752
        long other = profile.hintOffsetOf(0x0001020304050607L);
        assertEquals(329_223, other);
        assertEquals(10_522_752, scheme.candidateIndex(0, other, scheme.hintIn(expected[0])));
    }

    @Test
    void r1Raw() {
        Profile profile = Profile.builder().scheme(Scheme.RAW).digitBits(10).tagDigits(4).base(1).build();
        RawScheme scheme = new RawScheme(profile);
        int[] command = {21, 60, 1};
        assertArrayEquals(new int[] {790, 509, 375, 690, 21, 60, 1},
                scheme.encode(TestDigits.slice("vector-5", 10, 0, 4), command));
        assertArrayEquals(new int[] {878, 671, 329, 647, 21, 60, 1},
                scheme.encode(TestDigits.slice("vector-5", 10, 4, 4), command));
    }
}
