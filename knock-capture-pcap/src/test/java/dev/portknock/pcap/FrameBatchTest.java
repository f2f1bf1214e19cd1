package dev.portknock.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameBatchTest {
    private static final int CAPACITY = 256;

    /** Writes records the way pcap_dump does, into a batch's array. */
    private static final class Records {
        private final ByteBuffer out;

        Records(FrameBatch batch, ByteOrder order) {
            out = ByteBuffer.wrap(batch.bytes()).order(order);
        }

        Records record(long seconds, long microseconds, byte[] frame) {
            return header(seconds, microseconds, frame.length).bytes(frame);
        }

        Records header(long seconds, long microseconds, int capturedLength) {
            out.putInt((int) seconds).putInt((int) microseconds).putInt(capturedLength).putInt(capturedLength);
            return this;
        }

        Records bytes(byte[] data) {
            out.put(data);
            return this;
        }

        int length() {
            return out.position();
        }
    }

    private static byte[] frame(int length, int fill) {
        byte[] frame = new byte[length];
        Arrays.fill(frame, (byte) fill);
        return frame;
    }

    private static byte[] current(FrameBatch batch) {
        return Arrays.copyOfRange(batch.bytes(), batch.offset(), batch.offset() + batch.capturedLength());
    }

    @Test
    void everyWholeRecordIsWalkedInOrderWithItsTimeAndBytes() {
        FrameBatch batch = new FrameBatch(CAPACITY, ByteOrder.LITTLE_ENDIAN);
        Records records = new Records(batch, ByteOrder.LITTLE_ENDIAN)
                .record(1_772_366_400L, 123_456, frame(42, 1))
                .record(1_772_366_401L, 7, frame(0, 2))
                .record(1_772_366_402L, 999_999, frame(60, 3));
        batch.fill(records.length(), 3);

        assertTrue(batch.next());
        assertEquals(1_772_366_400L, batch.seconds());
        assertEquals(123_456, batch.microseconds());
        assertEquals(FrameBatch.RECORD_HEADER, batch.offset());
        assertArrayEquals(frame(42, 1), current(batch));
        assertTrue(batch.next());
        assertEquals(1_772_366_401L, batch.seconds());
        assertEquals(0, batch.capturedLength());
        assertTrue(batch.next());
        assertEquals(999_999, batch.microseconds());
        assertArrayEquals(frame(60, 3), current(batch));
        assertFalse(batch.next());
        assertEquals(0, batch.unread());
    }

    @Test
    void headersAreReadInTheWritersByteOrder() {
        FrameBatch batch = new FrameBatch(CAPACITY, ByteOrder.BIG_ENDIAN);
        batch.fill(new Records(batch, ByteOrder.BIG_ENDIAN).record(5, 6, frame(3, 9)).length(), 1);

        assertTrue(batch.next());
        assertEquals(5, batch.seconds());
        assertEquals(6, batch.microseconds());
        assertEquals(3, batch.capturedLength());
    }

    @Test
    void secondsAreUnsignedSoTimesAfter2038AreRead() {
        FrameBatch batch = new FrameBatch(CAPACITY, ByteOrder.LITTLE_ENDIAN);
        batch.fill(new Records(batch, ByteOrder.LITTLE_ENDIAN).record(0xFFFF_FFFFL, 0, frame(1, 0)).length(), 1);

        assertTrue(batch.next());
        assertEquals(0xFFFF_FFFFL, batch.seconds());
    }

    @Test
    void aRecordWhoseBytesAreCutShortIsNotReadAndCountsAsUnread() {
        FrameBatch batch = new FrameBatch(CAPACITY, ByteOrder.LITTLE_ENDIAN);
        Records records = new Records(batch, ByteOrder.LITTLE_ENDIAN)
                .record(1, 0, frame(20, 1))
                .header(2, 0, 100).bytes(frame(30, 2));
        batch.fill(records.length(), 2);

        assertTrue(batch.next());
        assertFalse(batch.next());
        assertEquals(1, batch.unread());
    }

    @Test
    void aHeaderCutShortIsNotRead() {
        FrameBatch batch = new FrameBatch(CAPACITY, ByteOrder.LITTLE_ENDIAN);
        Records records = new Records(batch, ByteOrder.LITTLE_ENDIAN).record(1, 0, frame(20, 1));
        batch.fill(records.length() + FrameBatch.RECORD_HEADER - 1, 2);

        assertTrue(batch.next());
        assertFalse(batch.next());
        assertEquals(1, batch.unread());
    }

    @Test
    void aCapturedLengthBeyondAnyBatchEndsTheWalk() {
        FrameBatch batch = new FrameBatch(CAPACITY, ByteOrder.LITTLE_ENDIAN);
        Records records = new Records(batch, ByteOrder.LITTLE_ENDIAN).header(1, 0, 0xFFFF_FFF0).bytes(frame(64, 1));
        batch.fill(records.length(), 1);

        assertFalse(batch.next());
        assertEquals(1, batch.unread());
    }

    @Test
    void recordsBeyondTheFramesLibpcapCountedAreNotRead() {
        FrameBatch batch = new FrameBatch(CAPACITY, ByteOrder.LITTLE_ENDIAN);
        Records records = new Records(batch, ByteOrder.LITTLE_ENDIAN).record(1, 0, frame(4, 1)).record(2, 0, frame(4, 2));
        batch.fill(records.length(), 1);

        assertTrue(batch.next());
        assertFalse(batch.next());
        assertEquals(0, batch.unread());
    }

    @Test
    void anUnknownFrameCountReadsEveryWholeRecordAndCountsNoneUnread() {
        FrameBatch batch = new FrameBatch(CAPACITY, ByteOrder.LITTLE_ENDIAN);
        Records records = new Records(batch, ByteOrder.LITTLE_ENDIAN)
                .record(1, 0, frame(4, 1)).record(2, 0, frame(4, 2)).header(3, 0, 50);
        batch.fill(records.length(), FrameBatch.UNKNOWN);

        assertTrue(batch.next());
        assertTrue(batch.next());
        assertFalse(batch.next());
        assertEquals(0, batch.unread());
    }

    @Test
    void anEmptyBatchHasNoRecord() {
        FrameBatch batch = new FrameBatch(CAPACITY, ByteOrder.LITTLE_ENDIAN);
        batch.fill(0, 0);

        assertFalse(batch.next());
        assertEquals(0, batch.unread());
    }

    @Test
    void refillingStartsTheWalkAgain() {
        FrameBatch batch = new FrameBatch(CAPACITY, ByteOrder.LITTLE_ENDIAN);
        int length = new Records(batch, ByteOrder.LITTLE_ENDIAN).record(1, 0, frame(4, 1)).length();
        batch.fill(length, 1);
        assertTrue(batch.next());

        batch.fill(length, 1);

        assertTrue(batch.next());
        assertEquals(FrameBatch.RECORD_HEADER, batch.offset());
    }

    @Test
    void garbageNeverLeadsOutsideTheBatch() {
        Random random = new Random(18);
        FrameBatch batch = new FrameBatch(CAPACITY, ByteOrder.LITTLE_ENDIAN);
        for (int round = 0; round < 10_000; round++) {
            random.nextBytes(batch.bytes());
            // small lengths now and then, so that some garbage records are whole
            for (int at = 8; at < CAPACITY; at += 16 + random.nextInt(32)) {
                if (random.nextBoolean()) {
                    batch.bytes()[at] = (byte) random.nextInt(40);
                    Arrays.fill(batch.bytes(), at + 1, Math.min(at + 4, CAPACITY), (byte) 0);
                }
            }
            int length = random.nextInt(CAPACITY + 1);
            int frames = random.nextInt(20);
            batch.fill(length, frames);
            int walked = 0;
            while (batch.next()) {
                walked++;
                assertTrue(batch.offset() >= FrameBatch.RECORD_HEADER);
                assertTrue(batch.offset() + batch.capturedLength() <= length, "a record lies inside the batch");
            }
            assertEquals(frames - walked, batch.unread());
        }
    }

    @Test
    void aLengthOutsideTheBatchIsACallerBug() {
        FrameBatch batch = new FrameBatch(CAPACITY, ByteOrder.LITTLE_ENDIAN);

        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class, () -> batch.fill(CAPACITY + 1, 0));
        assertEquals("batch length must lie in 0..256: 257", tooLong.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> batch.fill(-1, 0));
        assertEquals("batch length must lie in 0..256: -1", negative.getMessage());
    }

    @Test
    void aNegativeFrameCountIsACallerBug() {
        FrameBatch batch = new FrameBatch(CAPACITY, ByteOrder.LITTLE_ENDIAN);

        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> batch.fill(0, -2));
        assertEquals("frame count must not be negative: -2", thrown.getMessage());
    }

    @Test
    void aBatchSmallerThanOneRecordHeaderIsRefused() {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> new FrameBatch(15, ByteOrder.LITTLE_ENDIAN));
        assertEquals("batch capacity must be at least 16 bytes: 15", thrown.getMessage());
    }
}
