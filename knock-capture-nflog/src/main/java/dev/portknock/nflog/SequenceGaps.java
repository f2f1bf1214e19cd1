package dev.portknock.nflog;

/**
 * Counts the packets lost between the kernel and this process from the group's sequence numbers:
 * nfnetlink_log numbers every packet it logs (32 bits, wrapping) and a batch the socket could not
 * take is lost with its numbers, so each gap is that many lost packets. Not thread-safe: the
 * capture thread owns it.
 */
final class SequenceGaps {
    private static final long MASK = 0xFFFF_FFFFL;
    private boolean seen;
    private long expected;
    private long lost;

    /** Takes the next sequence number received; returns how many packets were lost before it. */
    long next(long sequence) {
        long gap = seen ? (sequence - expected) & MASK : 0;
        seen = true;
        expected = (sequence + 1) & MASK;
        // a number from behind (a late duplicate cannot happen on netlink) would read as a huge
        // gap; more than half the space back is taken as a restart of the numbering instead
        if (gap > MASK / 2) {
            gap = 0;
        }
        lost += gap;
        return gap;
    }

    /** Packets lost since the first sequence number. */
    long lost() {
        return lost;
    }
}
