package dev.portknock.pcap;

import dev.portknock.core.CapturedPacket;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a captured frame down to its transport header: link layer, IPv4 or IPv6 (with extension
 * headers), then the TCP or UDP destination port and TCP flags, into a {@link CapturedPacket} the
 * capture thread reuses for every frame ({@link #read}): the source address goes in as its bytes,
 * so a frame costs no object. Stateless apart from that view and the destination's
 * {@link LastAddress}; it reads only the bytes it is given and never throws for any frame content:
 * whatever it cannot use becomes a {@link ParsedFrame.Skipped} with the reason.
 */
final class FrameParser {
    /** BSD loopback: a 4-byte address family in the capturing host's byte order. */
    static final int DLT_NULL = 0;
    /** Ethernet, with optional 802.1Q / 802.1ad VLAN tags. */
    static final int DLT_EN10MB = 1;
    /** Raw IP as libpcap reports it on Linux; IPv4 or IPv6 by the version nibble. */
    static final int DLT_RAW = 12;
    /** Raw IP as capture files name it. */
    static final int LINKTYPE_RAW = 101;
    /** OpenBSD loopback: a 4-byte address family in network byte order. */
    static final int DLT_LOOP = 108;
    /** Linux cooked capture, version 1 (the {@code any} device of older libpcap). */
    static final int DLT_LINUX_SLL = 113;
    /** Raw IPv4 only. */
    static final int LINKTYPE_IPV4 = 228;
    /** Raw IPv6 only. */
    static final int LINKTYPE_IPV6 = 229;
    /** Linux cooked capture, version 2 (the {@code any} device of libpcap 1.10+). */
    static final int DLT_LINUX_SLL2 = 276;

    /** libpcap's largest snapshot length; no real frame is longer. */
    static final int MAX_FRAME_LENGTH = 262_144;

    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86DD;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88A8;
    private static final int ETHERTYPE_QINQ_OLD = 0x9100;

    private static final int AF_INET = 2;
    private static final int AF_INET6_NETBSD_OPENBSD = 24;
    private static final int AF_INET6_FREEBSD = 28;
    private static final int AF_INET6_DARWIN = 30;

    private static final int PROTO_HOP_BY_HOP = 0;
    private static final int PROTO_TCP = 6;
    private static final int PROTO_UDP = 17;
    private static final int PROTO_ROUTING = 43;
    private static final int PROTO_FRAGMENT = 44;
    private static final int PROTO_AH = 51;
    private static final int PROTO_DESTINATION_OPTIONS = 60;

    private static final int IPV4_HEADER = 20;
    private static final int IPV6_HEADER = 40;
    private static final int TCP_HEADER = 20;
    private static final int UDP_HEADER = 8;

    private static final Map<SkipReason, ParsedFrame.Skipped> SKIPS = new EnumMap<>(SkipReason.class);

    static {
        for (SkipReason reason : SkipReason.values()) {
            SKIPS.put(reason, new ParsedFrame.Skipped(reason));
        }
    }

    private FrameParser() {
    }

    /**
     * Parses one frame.
     *
     * @param linkType the capture's link-layer type ({@code pcap_datalink})
     * @param frame the captured bytes; only the first {@code length} are read
     * @param length how many bytes were captured, 0..frame.length
     * @param time the capture timestamp
     * @throws IllegalArgumentException when {@code length} lies outside the array (a caller bug,
     *     never a property of the frame)
     */
    static ParsedFrame parse(int linkType, byte[] frame, int length, Instant time) {
        Objects.requireNonNull(frame, "frame");
        if (length < 0 || length > frame.length) {
            throw new IllegalArgumentException("frame length must lie in 0.." + frame.length + ": " + length);
        }
        return parse(linkType, frame, 0, length, time, new LastAddress());
    }

    /**
     * Parses one frame that lies inside a larger array (a batch of frames) into an event of its
     * own; reads only {@code bytes[offset .. offset + length)}. {@link #read} without the view.
     *
     * @param time the capture timestamp
     * @param addresses reads the destination; its object is the previous frame's when the bytes
     *     are the same
     * @throws IllegalArgumentException when the frame does not lie inside the array (a caller bug,
     *     never a property of the frame)
     */
    static ParsedFrame parse(int linkType, byte[] bytes, int offset, int length, Instant time,
                             LastAddress addresses) {
        Objects.requireNonNull(time, "time");
        CapturedPacket packet = new CapturedPacket().time(time.getEpochSecond(), time.getNano());
        ParsedFrame parsed = read(linkType, bytes, offset, length, packet, addresses);
        return parsed == ParsedFrame.READ ? new ParsedFrame.Packet(packet.toEvent()) : parsed;
    }

    /**
     * Reads one frame that lies inside a larger array (a batch of frames) into a view: its source
     * (as bytes), destination, transport, port and flags, not its time, which the caller sets.
     * Reads only {@code bytes[offset .. offset + length)}.
     *
     * @param linkType the capture's link-layer type ({@code pcap_datalink})
     * @param bytes the array holding the frame
     * @param offset where the frame's first byte is
     * @param length how many bytes were captured
     * @param into the view to fill; left as it was when the frame is skipped
     * @param addresses reads the destination; its object is the previous frame's when the bytes
     *     are the same
     * @return {@link ParsedFrame#READ} when {@code into} holds the frame's packet, else why the
     *     frame was skipped
     * @throws IllegalArgumentException when the frame does not lie inside the array (a caller bug,
     *     never a property of the frame)
     */
    static ParsedFrame read(int linkType, byte[] bytes, int offset, int length, CapturedPacket into,
                            LastAddress addresses) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(into, "into");
        Objects.requireNonNull(addresses, "addresses");
        if (offset < 0 || length < 0 || length > bytes.length - offset) {
            throw new IllegalArgumentException("frame must lie inside the " + bytes.length + " bytes: offset "
                    + offset + ", length " + length);
        }
        if (length > MAX_FRAME_LENGTH) {
            return skip(SkipReason.OVERSIZED);
        }
        Frame f = new Frame(bytes, offset, length, into, addresses);
        switch (linkType) {
            case DLT_EN10MB:
                return f.ethernet();
            case DLT_LINUX_SLL:
                return f.etherType(16, 14);
            case DLT_LINUX_SLL2:
                return f.etherType(20, 0);
            case DLT_RAW:
            case LINKTYPE_RAW:
                return f.ipByVersion(0);
            case LINKTYPE_IPV4:
                return f.ipv4(0);
            case LINKTYPE_IPV6:
                return f.ipv6(0);
            case DLT_NULL:
                return f.loopback(false);
            case DLT_LOOP:
                return f.loopback(true);
            default:
                return skip(SkipReason.UNSUPPORTED_LINK_TYPE);
        }
    }

    /** Whether the parser reads frames of this link type. */
    static boolean supports(int linkType) {
        switch (linkType) {
            case DLT_EN10MB:
            case DLT_LINUX_SLL:
            case DLT_LINUX_SLL2:
            case DLT_RAW:
            case LINKTYPE_RAW:
            case LINKTYPE_IPV4:
            case LINKTYPE_IPV6:
            case DLT_NULL:
            case DLT_LOOP:
                return true;
            default:
                return false;
        }
    }

    private static ParsedFrame.Skipped skip(SkipReason reason) {
        return SKIPS.get(reason);
    }

    /**
     * One frame being read; offsets are from the frame's first byte ({@code start} in the array)
     * and every read is bounds-checked against {@code end}, the captured length.
     */
    private static final class Frame {
        private final byte[] bytes;
        private final int start;
        private final int end;
        private final CapturedPacket into;
        private final LastAddress addresses;

        Frame(byte[] bytes, int start, int end, CapturedPacket into, LastAddress addresses) {
            this.bytes = bytes;
            this.start = start;
            this.end = end;
            this.into = into;
            this.addresses = addresses;
        }

        ParsedFrame ethernet() {
            return etherType(14, 12);
        }

        /**
         * Reads an EtherType at {@code typeOffset}, with the network header at {@code headerLength};
         * VLAN tags (4 bytes each: tag control, then the next EtherType) are stepped over.
         */
        ParsedFrame etherType(int headerLength, int typeOffset) {
            if (end < headerLength) {
                return skip(SkipReason.TRUNCATED);
            }
            int type = u16(typeOffset);
            int offset = headerLength;
            while (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_QINQ_OLD) {
                if (end < offset + 4) {
                    return skip(SkipReason.TRUNCATED);
                }
                type = u16(offset + 2);
                offset += 4;
            }
            switch (type) {
                case ETHERTYPE_IPV4:
                    return ipv4(offset);
                case ETHERTYPE_IPV6:
                    return ipv6(offset);
                default:
                    return skip(SkipReason.NOT_IP);
            }
        }

        /** BSD loopback: the address family, in network order ({@code DLT_LOOP}) or the capturing host's. */
        ParsedFrame loopback(boolean networkOrder) {
            if (end < 4) {
                return skip(SkipReason.TRUNCATED);
            }
            int family = (u16(0) << 16) | u16(2);
            if (!networkOrder && (family & 0xFFFF0000) != 0) {
                // written by a little-endian host: the small family value sits in the first bytes
                family = Integer.reverseBytes(family);
            }
            switch (family) {
                case AF_INET:
                    return ipv4(4);
                case AF_INET6_NETBSD_OPENBSD:
                case AF_INET6_FREEBSD:
                case AF_INET6_DARWIN:
                    return ipv6(4);
                default:
                    return skip(SkipReason.NOT_IP);
            }
        }

        ParsedFrame ipByVersion(int offset) {
            if (end < offset + 1) {
                return skip(SkipReason.TRUNCATED);
            }
            switch (u8(offset) >>> 4) {
                case 4:
                    return ipv4(offset);
                case 6:
                    return ipv6(offset);
                default:
                    return skip(SkipReason.NOT_IP);
            }
        }

        ParsedFrame ipv4(int offset) {
            if (end < offset + IPV4_HEADER) {
                return skip(SkipReason.TRUNCATED);
            }
            int versionAndLength = u8(offset);
            if (versionAndLength >>> 4 != 4) {
                return skip(SkipReason.MALFORMED);
            }
            int headerLength = (versionAndLength & 0x0F) * 4;
            int totalLength = u16(offset + 2);
            if (headerLength < IPV4_HEADER || totalLength < headerLength) {
                return skip(SkipReason.MALFORMED);
            }
            if (end < offset + headerLength) {
                return skip(SkipReason.TRUNCATED);
            }
            int fragment = u16(offset + 6);
            boolean moreFragments = (fragment & 0x2000) != 0;
            int fragmentOffset = fragment & 0x1FFF;
            if (moreFragments || fragmentOffset != 0) {
                return skip(SkipReason.FRAGMENT);
            }
            // link-layer padding after the IP packet is not transport payload
            int packetEnd = Math.min(end, offset + totalLength);
            return transport(u8(offset + 9), offset + headerLength, packetEnd, offset + 12, 4);
        }

        ParsedFrame ipv6(int offset) {
            if (end < offset + IPV6_HEADER) {
                return skip(SkipReason.TRUNCATED);
            }
            if (u8(offset) >>> 4 != 6) {
                return skip(SkipReason.MALFORMED);
            }
            int payloadLength = u16(offset + 4);
            // payload length 0 means a jumbogram (or a segmentation-offloaded capture): read to the end
            int packetEnd = payloadLength == 0 ? end : Math.min(end, offset + IPV6_HEADER + payloadLength);
            int next = u8(offset + 6);
            int header = offset + IPV6_HEADER;
            // each extension header is at least 8 bytes long, so the walk ends
            while (true) {
                switch (next) {
                    case PROTO_HOP_BY_HOP:
                    case PROTO_ROUTING:
                    case PROTO_DESTINATION_OPTIONS:
                        if (packetEnd < header + 2) {
                            return skip(SkipReason.TRUNCATED);
                        }
                        next = u8(header);
                        header += (u8(header + 1) + 1) * 8;
                        break;
                    case PROTO_AH:
                        if (packetEnd < header + 2) {
                            return skip(SkipReason.TRUNCATED);
                        }
                        next = u8(header);
                        header += (u8(header + 1) + 2) * 4;
                        break;
                    case PROTO_FRAGMENT:
                        if (packetEnd < header + 8) {
                            return skip(SkipReason.TRUNCATED);
                        }
                        int offsetAndFlags = u16(header + 2);
                        if ((offsetAndFlags & 0xFFF8) != 0 || (offsetAndFlags & 0x0001) != 0) {
                            return skip(SkipReason.FRAGMENT);
                        }
                        // an atomic fragment (offset 0, no more fragments) is a whole packet
                        next = u8(header);
                        header += 8;
                        break;
                    default:
                        return transport(next, header, packetEnd, offset + 8, 16);
                }
            }
        }

        /**
         * Reads the transport header at {@code offset} and, when it is whole, fills the view: the
         * addresses are {@code addressLength} bytes each, the source at {@code sourceOffset} and
         * the destination right after it (as IPv4 and IPv6 headers place them).
         */
        private ParsedFrame transport(int protocol, int offset, int packetEnd, int sourceOffset, int addressLength) {
            switch (protocol) {
                case PROTO_TCP:
                    if (packetEnd < offset + TCP_HEADER) {
                        return skip(SkipReason.TRUNCATED);
                    }
                    if ((u8(offset + 12) >>> 4) * 4 < TCP_HEADER) {
                        return skip(SkipReason.MALFORMED);
                    }
                    addresses(sourceOffset, addressLength).tcp(u16(offset + 2), u8(offset + 13));
                    return ParsedFrame.READ;
                case PROTO_UDP:
                    if (packetEnd < offset + UDP_HEADER) {
                        return skip(SkipReason.TRUNCATED);
                    }
                    if (u16(offset + 4) < UDP_HEADER) {
                        return skip(SkipReason.MALFORMED);
                    }
                    addresses(sourceOffset, addressLength).udp(u16(offset + 2));
                    return ParsedFrame.READ;
                default:
                    return skip(SkipReason.NOT_TCP_OR_UDP);
            }
        }

        private CapturedPacket addresses(int sourceOffset, int addressLength) {
            return into.source(bytes, start + sourceOffset, addressLength)
                    .destination(addresses.of(bytes, start + sourceOffset + addressLength, addressLength));
        }

        private int u8(int offset) {
            return bytes[start + offset] & 0xFF;
        }

        private int u16(int offset) {
            return (u8(offset) << 8) | u8(offset + 1);
        }
    }
}
