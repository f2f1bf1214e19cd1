package dev.portknock.nflog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SequenceGapsTest {
    @Test
    void consecutiveNumbersLoseNothing() {
        SequenceGaps gaps = new SequenceGaps();
        for (long sequence = 5; sequence < 10; sequence++) {
            assertEquals(0, gaps.next(sequence));
        }
        assertEquals(0, gaps.lost());
    }

    @Test
    void theFirstNumberIsWhereCountingStarts() {
        assertEquals(0, new SequenceGaps().next(1000));
    }

    @Test
    void aGapIsThatManyLostPackets() {
        SequenceGaps gaps = new SequenceGaps();
        gaps.next(1);
        assertEquals(3, gaps.next(5));
        assertEquals(2, gaps.next(8));
        assertEquals(5, gaps.lost());
    }

    @Test
    void theNumbersWrapAt32Bits() {
        SequenceGaps gaps = new SequenceGaps();
        gaps.next(0xFFFF_FFFEL);
        assertEquals(0, gaps.next(0xFFFF_FFFFL));
        assertEquals(0, gaps.next(0));
        assertEquals(1, gaps.next(2));
    }

    @Test
    void aNumberFromBehindRestartsTheCountInsteadOfLosingBillions() {
        SequenceGaps gaps = new SequenceGaps();
        gaps.next(100);
        assertEquals(0, gaps.next(3));
        assertEquals(0, gaps.next(4));
        assertEquals(0, gaps.lost());
    }
}
