package dev.portknock.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.net.InetAddress;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Address blocks for every digit size against a reference that walks the address bit by bit, as
 * PROTOCOL.md §3.3 states the cut: big-endian bits, the last block right-padded with zeros.
 */
class AddressBlocksTest {

    private static int[] reference(byte[] bytes, int k) {
        int totalBits = bytes.length * 8;
        int[] blocks = new int[(totalBits + k - 1) / k];
        for (int b = 0; b < blocks.length; b++) {
            int value = 0;
            for (int i = 0; i < k; i++) {
                int bit = b * k + i;
                int v = bit < totalBits ? (bytes[bit >>> 3] >>> (7 - (bit & 7))) & 1 : 0;
                value = (value << 1) | v;
            }
            blocks[b] = value;
        }
        return blocks;
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
    void ipv4BlocksMatchTheBitwiseCut(int k) throws Exception {
        SplittableRandom random = new SplittableRandom(k);
        for (int n = 0; n < 200; n++) {
            byte[] bytes = new byte[4];
            random.nextBytes(bytes);
            assertArrayEquals(reference(bytes, k), AddressBlocks.of(InetAddress.getByAddress(bytes), k));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
    void ipv6BlocksMatchTheBitwiseCut(int k) throws Exception {
        SplittableRandom random = new SplittableRandom(-k);
        for (int n = 0; n < 200; n++) {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            bytes[0] |= 0x20; // never IPv4-mapped, which the JDK would turn into an IPv4 address
            assertArrayEquals(reference(bytes, k), AddressBlocks.of(InetAddress.getByAddress(bytes), k));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 12, 15})
    void allOnesFillEveryBitOfEveryBlock(int k) throws Exception {
        byte[] bytes = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1};
        assertArrayEquals(reference(bytes, k), AddressBlocks.of(InetAddress.getByAddress(bytes), k));
    }
}
