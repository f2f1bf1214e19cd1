package dev.portknock.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.portknock.core.PacketEvent;
import dev.portknock.core.Transport;
import java.time.Instant;
import java.util.Arrays;

/**
 * Fuzz test of the frame parser: every input is parsed as a frame of every link type the parser
 * knows (and one it does not). The contract: it never throws; a frame becomes a packet or a
 * skip with a reason; a packet carries the capture time, a port and, for TCP only, a flag byte;
 * only the captured bytes are read (the same frame with trailing bytes beyond the captured
 * length parses the same); and a frame inside a batch, after other bytes, parses as it does alone.
 */
class FrameParserFuzzTest {
    private static final int[] LINK_TYPES = {
        FrameParser.DLT_NULL, FrameParser.DLT_EN10MB, FrameParser.DLT_RAW, FrameParser.LINKTYPE_RAW,
        FrameParser.DLT_LOOP, FrameParser.DLT_LINUX_SLL, FrameParser.LINKTYPE_IPV4, FrameParser.LINKTYPE_IPV6,
        FrameParser.DLT_LINUX_SLL2, 147,
    };
    private static final Instant TIME = Instant.parse("2026-01-01T00:00:00.123456Z");

    @FuzzTest(maxDuration = "30s")
    void everyFrameOfEveryLinkTypeIsAPacketOrASkipNeverAnException(byte[] frame) {
        byte[] padded = Arrays.copyOf(frame, frame.length + 16);
        Arrays.fill(padded, frame.length, padded.length, (byte) 0xA5);
        byte[] inBatch = new byte[frame.length + 32];
        Arrays.fill(inBatch, (byte) 0x5A);
        System.arraycopy(frame, 0, inBatch, 16, frame.length);
        // one reader of destinations for every link type, as a capture thread has: reusing the
        // previous frame's destination must never change what a frame parses to
        LastAddress destinations = new LastAddress();
        for (int linkType : LINK_TYPES) {
            ParsedFrame parsed = FrameParser.parse(linkType, frame, frame.length, TIME);
            if (parsed instanceof ParsedFrame.Packet packet) {
                PacketEvent event = packet.event();
                assertEquals(TIME, event.time());
                assertTrue(event.transport() == Transport.TCP || event.tcpFlags() == 0, "udp has no flags");
            } else {
                SkipReason reason = ((ParsedFrame.Skipped) parsed).reason();
                assertEquals(!FrameParser.supports(linkType), reason == SkipReason.UNSUPPORTED_LINK_TYPE,
                        "only an unknown link type is skipped as unsupported: " + linkType);
            }
            assertEquals(parsed, FrameParser.parse(linkType, padded, frame.length, TIME),
                    "bytes past the captured length are not read (link type " + linkType + ")");
            assertEquals(parsed, FrameParser.parse(linkType, inBatch, 16, frame.length, TIME, destinations),
                    "a frame inside a batch parses as it does alone (link type " + linkType + ")");
        }
    }
}
