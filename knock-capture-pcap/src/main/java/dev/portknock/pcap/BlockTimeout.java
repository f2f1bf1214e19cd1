package dev.portknock.pcap;

/**
 * How long the kernel keeps a ring block that holds packets before handing it to the capture
 * (TPACKET_V3's block timeout), chosen from the capture buffer's size so that every ring holds the
 * same time of a flood.
 *
 * <p>libpcap makes each block {@value #BLOCK_BYTES} bytes (its largest snapshot length), whatever
 * the capture's own, and under a flood of small packets each block leaves at its timeout far from
 * full (at 50,000 packets/s and 2 ms, about 100 packets of some 100 bytes). The ring thus holds
 * its number of blocks times the timeout of traffic for a capture thread the machine does not
 * schedule: {@value #RING_HOLD_MILLIS} ms with the default 32 MiB (128 blocks) at 2 ms, but only
 * 32 ms with 4 MiB at 2 ms, which a loaded machine overran, and 128 ms with 32 MiB at 1 ms, which a
 * loaded machine overran at 100,000 packets/s. So the timeout is the shortest whole number of
 * milliseconds with which the ring still holds {@value #RING_HOLD_MILLIS} ms: a larger ring hands
 * a lone packet (an idle door's knock) over sooner, a smaller one later (a block fills first above
 * about 256 KiB of packets per timeout: the ring then holds its size in packets, as any ring does).
 * The price of a small ring is latency: a packet reaches the matcher up to one timeout after it
 * arrived.
 */
final class BlockTimeout {
    /** libpcap's TPACKET_V3 block: {@code MAXIMUM_SNAPLEN}, 256 KiB. */
    static final int BLOCK_BYTES = 262_144;
    /** The flood time every ring is made to hold, in milliseconds. */
    static final int RING_HOLD_MILLIS = 256;
    /** The shortest timeout the kernel takes: reached from 64 MiB (256 blocks) up. */
    static final int MIN_MILLIS = 1;
    /** The longest timeout, reached by rings of 2 MiB and less: the most a packet waits in a block. */
    static final int MAX_MILLIS = 32;

    private BlockTimeout() {
    }

    /**
     * The block timeout for a capture buffer of {@code bufferBytes}: {@value #RING_HOLD_MILLIS} ms
     * divided by its number of blocks, both rounded up (libpcap rounds the buffer up to whole
     * blocks; the ring must hold at least that time), within {@value #MIN_MILLIS}..{@value #MAX_MILLIS} ms.
     *
     * @param bufferBytes the kernel capture buffer size, positive
     * @return the timeout in milliseconds
     * @throws IllegalArgumentException when {@code bufferBytes} is not positive
     */
    static int forBuffer(int bufferBytes) {
        if (bufferBytes <= 0) {
            throw new IllegalArgumentException("capture buffer size must be positive: " + bufferBytes);
        }
        long blocks = ((long) bufferBytes + BLOCK_BYTES - 1) / BLOCK_BYTES;
        long holding = (RING_HOLD_MILLIS + blocks - 1) / blocks;
        return (int) Math.max(MIN_MILLIS, Math.min(MAX_MILLIS, holding));
    }
}
