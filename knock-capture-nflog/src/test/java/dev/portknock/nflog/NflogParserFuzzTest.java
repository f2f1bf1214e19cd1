package dev.portknock.nflog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.portknock.core.PacketEvent;
import dev.portknock.core.Transport;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzz test of the NFLOG parser: every input is read as a netlink datagram. The contract: it never
 * throws; a UDP packet carries no flag byte; a packet without a kernel timestamp carries the
 * clock's; and only the bytes up to the datagram's limit are read (the same datagram followed by
 * more bytes past its limit reads the same).
 */
class NflogParserFuzzTest {
    private static final Instant CLOCK = Instant.parse("2026-01-01T00:00:00.123456Z");

    @FuzzTest(maxDuration = "30s")
    void everyDatagramIsReadIntoPacketsSkipsAndAnswersNeverAnException(byte[] datagram) {
        byte[] padded = Arrays.copyOf(datagram, datagram.length + 64);
        Arrays.fill(padded, datagram.length, padded.length, (byte) 0xA5);

        List<Object> read = read(ByteBuffer.wrap(datagram));

        for (Object item : read) {
            if (item instanceof PacketEvent event) {
                assertTrue(event.transport() == Transport.TCP || event.tcpFlags() == 0, "udp has no flags");
            }
        }
        assertEquals(read, read(ByteBuffer.wrap(padded).limit(datagram.length)),
                "bytes past the datagram's limit are not read");
    }

    private static List<Object> read(ByteBuffer datagram) {
        List<Object> read = new ArrayList<>();
        NflogParser.parse(datagram, () -> CLOCK, new NflogParser.Handler() {
            @Override
            public void packet(PacketEvent event) {
                read.add(event);
            }

            @Override
            public void skipped(SkipReason reason) {
                read.add(reason);
            }

            @Override
            public void sequence(long sequence) {
                read.add("sequence " + sequence);
            }

            @Override
            public void answer(int sequence, int errno) {
                read.add("answer " + sequence + " " + errno);
            }
        });
        return read;
    }
}
