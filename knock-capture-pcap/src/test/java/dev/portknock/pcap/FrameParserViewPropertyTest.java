package dev.portknock.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portknock.core.CapturedPacket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * The capture thread reads every frame into ONE reused view ({@link FrameParser#read}), after
 * frames of other link layers, families, transports and lengths, and after garbage: each frame
 * still reads to what it parses to alone into a view of its own ({@link FrameParser#parse}).
 */
class FrameParserViewPropertyTest {
    private static final Instant TIME = Instant.parse("2026-01-01T00:00:00.123456Z");
    private static final int[] LINK_TYPES = {
        FrameParser.DLT_EN10MB, FrameParser.DLT_LINUX_SLL, FrameParser.DLT_LINUX_SLL2, FrameParser.DLT_RAW,
        FrameParser.LINKTYPE_RAW, FrameParser.LINKTYPE_IPV4, FrameParser.LINKTYPE_IPV6, FrameParser.DLT_NULL,
        FrameParser.DLT_LOOP,
    };

    /**
     * One frame: its link type, family, addresses (random bytes), transport, port and flags, an
     * IPv6 extension header or not, and how many of its bytes were captured ({@code cut} of them
     * missing, 0 for all).
     */
    record Frame(int linkType, boolean ipv6, byte[] source, byte[] destination, boolean tcp, int port, int flags,
                 int cut, boolean extension, boolean garbageAfter) {
        byte[] bytes() {
            byte[] transport = tcp ? TestFrames.tcp(40000, port, flags) : TestFrames.udp(40000, port, new byte[3]);
            int protocol = tcp ? TestFrames.TCP : TestFrames.UDP;
            byte[] ip = ipv6
                    ? (extension ? TestFrames.ipv6(literal(source), literal(destination), 0,
                            TestFrames.optionsHeader(protocol, transport))
                            : TestFrames.ipv6(literal(source), literal(destination), protocol, transport))
                    : TestFrames.ipv4(literal(source), literal(destination), protocol, transport);
            int etherType = ipv6 ? TestFrames.ETHERTYPE_IPV6 : TestFrames.ETHERTYPE_IPV4;
            return switch (linkType) {
                case FrameParser.DLT_EN10MB -> extension && !ipv6
                        ? TestFrames.vlanTagged(TestFrames.ETHERTYPE_VLAN, 7, etherType, ip)
                        : TestFrames.ethernet(etherType, ip);
                case FrameParser.DLT_LINUX_SLL -> TestFrames.sll(etherType, ip);
                case FrameParser.DLT_LINUX_SLL2 -> TestFrames.sll2(etherType, ip);
                case FrameParser.DLT_NULL -> TestFrames.loopback(ipv6 ? 24 : 2, ByteOrder.LITTLE_ENDIAN, ip);
                case FrameParser.DLT_LOOP -> TestFrames.loopback(ipv6 ? 30 : 2, ByteOrder.BIG_ENDIAN, ip);
                default -> ip;
            };
        }

        @Override
        public String toString() {
            return "frame of link type " + linkType + " from " + literal(source) + " to " + literal(destination)
                    + (tcp ? " tcp port " + port + " flags " + flags : " udp port " + port)
                    + (extension ? " with an extension header or vlan tag" : "") + ", " + cut + " bytes cut";
        }

        private static String literal(byte[] address) {
            try {
                return address.length == 16 ? Inet6Address.getByAddress(null, address, -1).getHostAddress()
                        : InetAddress.getByAddress(address).getHostAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(e);
            }
        }
    }

    @Provide
    Arbitrary<Frame> frames() {
        Arbitrary<Boolean> bool = Arbitraries.of(false, true);
        // addresses that differ in their last byte only, or only in their length (an IPv4-mapped
        // twin), beside random ones: a destination read from the previous frame must not pass
        Arbitrary<byte[]> v4 = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(List.of(new byte[] {(byte) 192, 0, 2, 1}, new byte[] {(byte) 192, 0, 2, 2}))),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofSize(4)));
        Arbitrary<byte[]> v6 = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(List.of(TestFrames.inet("2001:db8::1").getAddress(),
                        TestFrames.inet("2001:db8::2").getAddress()))),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofSize(16)),
                // IPv4-mapped: read as 16 bytes, it must stay IPv6
                Tuple.of(1, v4.map(a -> new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, a[0], a[1], a[2], a[3]})));
        Arbitrary<int[]> linkAndCut = Combinators.combine(Arbitraries.of(IntStream.of(LINK_TYPES).boxed().toList()),
                Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(0)),
                        Tuple.of(1, Arbitraries.integers().between(1, 80)))).as((l, c) -> new int[] {l, c});
        return bool.flatMap(ipv6 -> Combinators.combine(linkAndCut, ipv6 ? v6 : v4, ipv6 ? v6 : v4, bool,
                Arbitraries.integers().between(0, 65535), Arbitraries.integers().between(0, 255), bool, bool)
                .as((lc, source, destination, tcp, port, flags, extension, garbage) ->
                        new Frame(lc[0], ipv6, source, destination, tcp, port, flags, lc[1], extension, garbage)));
    }

    @Property(tries = 300)
    void eachFrameReadIntoOneReusedViewIsWhatItParsesToAlone(
            @ForAll @Size(min = 1, max = 40) List<@From("frames") Frame> frames) {
        CapturedPacket view = new CapturedPacket();
        LastAddress destinations = new LastAddress();
        byte[] batch = new byte[4096];
        int offset = 0;
        for (Frame frame : frames) {
            byte[] bytes = frame.bytes();
            int length = Math.max(0, bytes.length - frame.cut());
            if (offset + bytes.length > batch.length) {
                offset = 0;
            }
            System.arraycopy(bytes, 0, batch, offset, bytes.length);
            ParsedFrame alone = FrameParser.parse(frame.linkType(), bytes, length, TIME);
            ParsedFrame read = FrameParser.read(frame.linkType(), batch, offset, length, view, destinations);
            Statistics.collect(read == ParsedFrame.READ ? "read" : "skipped");
            if (read == ParsedFrame.READ) {
                view.time(TIME.getEpochSecond(), TIME.getNano());
                assertEquals(alone, new ParsedFrame.Packet(view.toEvent()), frame.toString());
            } else {
                assertEquals(alone, read, frame.toString());
            }
            offset += bytes.length;
            if (frame.garbageAfter()) {
                view.time(7, 7).source(new byte[] {1, 2, 3, 4}, 0, 4).destination(TestFrames.inet("198.51.100.99"))
                        .tcp(1, 0xFF);
            }
        }
        Statistics.coverage(checker -> {
            checker.check("read").percentage(p -> p >= 50);
            checker.check("skipped").percentage(p -> p >= 5);
        });
    }
}
