package dev.portknock.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * The matcher's reject path allocates nothing: packets no door admits are most of what a capture
 * sees; nor, offered as a {@link CapturedPacket} view, do packets in a door's range that start
 * nothing from sources without an attempt (a spoofed flood's). Measured with the thread's
 * allocation counter, never with time.
 */
class SequenceMatcherAllocationTest {
    private static final int OFFERS = 100_000;
    /** Far below one object per offer (at least 16 bytes each, 1.6 MB in all). */
    private static final long BOUND_BYTES = 1024;

    private final RecordingListener listener = new RecordingListener();
    private final SequenceMatcher matcher = SequenceMatcher.builder()
            .clock(new MutableClock(Instant.EPOCH))
            .listener(listener)
            .door(new FixedDoor("ssh", FixedSequence.parse("7000,8000,9000"), Duration.ofSeconds(5),
                    TcpFlagFilter.SYN_ONLY))
            .door(new OneTimeDoor("sealed", Profile.defaults()), hint -> hint < 64)
            .build();

    private static long allocatedBytes(SequenceMatcher matcher, PacketEvent[] events) {
        return allocatedBytes(i -> matcher.offer(events[i % events.length]));
    }

    /**
     * The bytes allocated by {@code offer} of 0..OFFERS-1, after the same offers once to warm up
     * (the JIT's escape analysis, the table's growth).
     */
    private static long allocatedBytes(IntConsumer offer) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "this JVM must count allocated bytes per thread");
        for (int i = 0; i < OFFERS; i++) {
            offer.accept(i);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < OFFERS; i++) {
            offer.accept(i);
        }
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    /**
     * The bytes allocated offering the events as one reused view, each filled from its source's
     * bytes as a capture that parses frames fills it.
     */
    private static long allocatedBytesAsViews(SequenceMatcher matcher, PacketEvent[] events) {
        byte[][] sources = new byte[events.length][];
        for (int i = 0; i < events.length; i++) {
            sources[i] = events[i].source().getAddress();
        }
        CapturedPacket packet = new CapturedPacket();
        return allocatedBytes(i -> {
            PacketEvent event = events[i % events.length];
            byte[] source = sources[i % events.length];
            packet.time(event.time().getEpochSecond(), event.time().getNano())
                    .source(source, 0, source.length)
                    .destination(event.destination())
                    .udp(event.destinationPort());
            matcher.offer(packet);
        });
    }

    private static InetAddress source(int i) throws Exception {
        return InetAddress.getByAddress(new byte[] {(byte) 198, 51, 100, (byte) i});
    }

    @Test
    void packetsOutsideEveryDoorsPortsAllocateNothing() throws Exception {
        InetAddress server = InetAddress.getByName("192.0.2.1");
        PacketEvent[] events = new PacketEvent[1000];
        for (int i = 0; i < events.length; i++) {
            int port = 1 + i * 65;  // 1..64936, skipping the doors' ports
            if (port == 7000 || port == 8000 || port == 9000 || (port >= 40000 && port < 44096)) {
                port = 44096 + i;
            }
            events[i] = i % 2 == 0
                    ? PacketEvent.udp(Instant.EPOCH, source(i), server, port)
                    : PacketEvent.tcp(Instant.EPOCH, source(i), server, port, TcpFlagFilter.SYN);
        }
        assertTrue(allocatedBytes(matcher, events) < BOUND_BYTES);
        assertEquals(0, matcher.trackedAttempts());
    }

    @Test
    void packetsOfAnotherTransportThanTheDoorsAllocateNothing() throws Exception {
        InetAddress server = InetAddress.getByName("192.0.2.1");
        PacketEvent[] events = new PacketEvent[1000];
        for (int i = 0; i < events.length; i++) {
            events[i] = i % 2 == 0
                    ? PacketEvent.udp(Instant.EPOCH, source(i), server, 7000 + 1000 * (i % 3))
                    : PacketEvent.tcp(Instant.EPOCH, source(i), server, 40000 + i, TcpFlagFilter.SYN);
        }
        assertTrue(allocatedBytes(matcher, events) < BOUND_BYTES);
        assertEquals(0, matcher.trackedAttempts());
    }

    @Test
    void packetsFailingTheDoorsTcpFlagFilterAllocateNothing() throws Exception {
        InetAddress server = InetAddress.getByName("192.0.2.1");
        PacketEvent[] events = new PacketEvent[999];
        for (int i = 0; i < events.length; i++) {
            int flags = i % 2 == 0 ? TcpFlagFilter.SYN | TcpFlagFilter.ACK : TcpFlagFilter.RST;
            events[i] = PacketEvent.tcp(Instant.EPOCH, source(i), server, 7000 + 1000 * (i % 3), flags);
        }
        assertTrue(allocatedBytes(matcher, events) < BOUND_BYTES);
        assertEquals(0, matcher.trackedAttempts());
        assertEquals(0, listener.discarded.size());
    }

    /** Packets into the sealed door whose hints (64..) open no attempt: the source is looked up, nothing more. */
    private static PacketEvent[] inRangeDigitsThatOpenNothing(boolean ipv6) throws Exception {
        InetAddress server = InetAddress.getByName("192.0.2.1");
        PacketEvent[] events = new PacketEvent[1000];
        for (int i = 0; i < events.length; i++) {
            InetAddress source = ipv6 ? InetAddress.getByName("2001:db8::" + Integer.toHexString(i)) : source(i);
            events[i] = PacketEvent.udp(Instant.EPOCH, source, server, 40064 + i);
        }
        return events;
    }

    @Test
    void inRangeDigitsFromIpv4SourcesThatOpenNothingAllocateNothing() throws Exception {
        assertTrue(allocatedBytes(matcher, inRangeDigitsThatOpenNothing(false)) < BOUND_BYTES);
        assertEquals(0, matcher.trackedAttempts());
    }

    @Test
    void inRangeDigitsFromIpv6SourcesThatOpenNothingAllocateNothingAsViews() throws Exception {
        // no address object, no address copy, no Instant: the source is looked up by its bytes
        assertTrue(allocatedBytesAsViews(matcher, inRangeDigitsThatOpenNothing(true)) < BOUND_BYTES);
        assertEquals(0, matcher.trackedAttempts());
    }

    @Test
    void inRangeDigitsFromIpv4SourcesThatOpenNothingAllocateNothingAsViews() throws Exception {
        assertTrue(allocatedBytesAsViews(matcher, inRangeDigitsThatOpenNothing(false)) < BOUND_BYTES);
        assertEquals(0, matcher.trackedAttempts());
    }

    @Test
    void inRangeDigitsFromIpv6SourcesThatOpenNothingAllocateOnlyTheAddressCopy() throws Exception {
        // the source's sixteen bytes are hashed from the copy InetAddress.getAddress() makes: 32 bytes on a 64-bit JVM
        long perOffer = allocatedBytes(matcher, inRangeDigitsThatOpenNothing(true)) / OFFERS;
        assertTrue(perOffer <= 32, perOffer + " bytes per offer");
        assertEquals(0, matcher.trackedAttempts());
    }
}
