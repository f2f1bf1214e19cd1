package dev.portknock.nflog;

import static dev.portknock.nflog.NflogProtocol.AF_INET;
import static dev.portknock.nflog.NflogProtocol.AF_INET6;
import static dev.portknock.nflog.NflogProtocol.NFGENMSG;
import static dev.portknock.nflog.NflogProtocol.NLA_HEADER;
import static dev.portknock.nflog.NflogProtocol.NLMSG_HEADER;

import dev.portknock.core.PacketEvent;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Reads one netlink datagram as the kernel sends it on an NFLOG group: a batch of messages, each a
 * logged packet (its IP packet from the network header on, the kernel's timestamp, the group's
 * sequence number), an acknowledgement or error, or the end of a batch. Every length is checked
 * against what is left, so a truncated, oversized or garbage datagram yields skips, never an
 * exception; a message whose own length is broken ends the datagram, since nothing after it can
 * be located. Stateless and allocation-light: results go to a {@link Handler} as they are read.
 */
final class NflogParser {
    /** What a datagram held, in the order it held it. */
    interface Handler {
        /** A TCP segment or UDP datagram the group logged. */
        void packet(PacketEvent event);

        /** A message that is no usable packet. */
        void skipped(SkipReason reason);

        /** The group's sequence number of a logged packet (whether usable or not), as it arrived. */
        void sequence(long sequence);

        /**
         * An {@code NLMSG_ERROR}: the answer to a request.
         *
         * @param sequence the request's sequence number
         * @param errno 0 for an acknowledgement, otherwise the positive error number
         */
        void answer(int sequence, int errno);
    }

    static final int IPV4_HEADER = 20;
    static final int IPV6_HEADER = 40;
    static final int TCP_HEADER = 20;
    static final int UDP_HEADER = 8;
    static final int PROTO_HOP_BY_HOP = 0;
    static final int PROTO_TCP = 6;
    static final int PROTO_UDP = 17;
    static final int PROTO_ROUTING = 43;
    static final int PROTO_FRAGMENT = 44;
    static final int PROTO_AH = 51;
    static final int PROTO_DESTINATION_OPTIONS = 60;
    private static final long MICROS_PER_SECOND = 1_000_000L;

    private NflogParser() {
    }

    /**
     * Reads the datagram's bytes from position 0 to its limit and reports what they hold.
     *
     * @param now the time of packets that carry no kernel timestamp; asked at most once per call
     */
    static void parse(ByteBuffer datagram, Supplier<Instant> now, Handler handler) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(handler, "handler");
        ByteBuffer bytes = datagram.duplicate().order(ByteOrder.nativeOrder());
        int end = bytes.limit();
        Supplier<Instant> once = new Supplier<>() {
            private Instant time;

            @Override
            public Instant get() {
                if (time == null) {
                    time = now.get();
                }
                return time;
            }
        };
        int offset = 0;
        while (offset < end) {
            if (end - offset < NLMSG_HEADER) {
                handler.skipped(SkipReason.TRUNCATED);
                return;
            }
            int length = bytes.getInt(offset);
            if (length < NLMSG_HEADER) {
                handler.skipped(SkipReason.MALFORMED);
                return;
            }
            if (length > end - offset) {
                handler.skipped(SkipReason.TRUNCATED);
                return;
            }
            int type = bytes.getShort(offset + 4) & 0xFFFF;
            int sequence = bytes.getInt(offset + 8);
            message(bytes, type, sequence, offset + NLMSG_HEADER, offset + length, once, handler);
            // the last message of a datagram may lack its alignment padding
            offset += Math.min(NflogProtocol.align(length), end - offset);
        }
    }

    private static void message(ByteBuffer bytes, int type, int sequence, int start, int end, Supplier<Instant> now,
                                Handler handler) {
        switch (type) {
            case NflogProtocol.MSG_PACKET:
                logged(bytes, start, end, now, handler);
                break;
            case NflogProtocol.NLMSG_ERROR:
                if (end - start < 4) {
                    handler.skipped(SkipReason.TRUNCATED);
                } else {
                    int error = bytes.getInt(start);
                    if (error > 0 || error == Integer.MIN_VALUE) {
                        handler.skipped(SkipReason.MALFORMED);
                    } else {
                        handler.answer(sequence, -error);
                    }
                }
                break;
            case NflogProtocol.NLMSG_NOOP:
            case NflogProtocol.NLMSG_DONE:
            case NflogProtocol.NLMSG_OVERRUN:
                break;
            default:
                handler.skipped(SkipReason.UNKNOWN_MESSAGE);
        }
    }

    /** An {@code NFULNL_MSG_PACKET}: the nfgenmsg header, then attributes. */
    private static void logged(ByteBuffer bytes, int start, int end, Supplier<Instant> now, Handler handler) {
        if (end - start < NFGENMSG) {
            handler.skipped(SkipReason.TRUNCATED);
            return;
        }
        int family = bytes.get(start) & 0xFF;
        ByteBuffer network = bytes.duplicate().order(ByteOrder.BIG_ENDIAN);
        int payload = -1;
        int payloadEnd = -1;
        int timestamp = -1;
        int offset = start + NFGENMSG;
        while (offset < end) {
            if (end - offset < NLA_HEADER) {
                handler.skipped(SkipReason.TRUNCATED);
                return;
            }
            int length = bytes.getShort(offset) & 0xFFFF;
            int type = bytes.getShort(offset + 2) & NflogProtocol.NLA_TYPE_MASK;
            if (length < NLA_HEADER) {
                handler.skipped(SkipReason.MALFORMED);
                return;
            }
            if (length > end - offset) {
                handler.skipped(SkipReason.TRUNCATED);
                return;
            }
            int value = offset + NLA_HEADER;
            int valueLength = length - NLA_HEADER;
            if (type == NflogProtocol.NFULA_PAYLOAD) {
                payload = value;
                payloadEnd = value + valueLength;
            } else if (type == NflogProtocol.NFULA_TIMESTAMP && valueLength >= 16) {
                timestamp = value;
            } else if (type == NflogProtocol.NFULA_SEQ && valueLength >= 4) {
                handler.sequence(Integer.toUnsignedLong(network.getInt(value)));
            }
            offset += Math.min(NflogProtocol.align(length), end - offset);
        }
        if (payload < 0) {
            handler.skipped(SkipReason.NOT_IP);
            return;
        }
        Instant time;
        if (timestamp < 0) {
            time = now.get();
        } else {
            long seconds = network.getLong(timestamp);
            long micros = network.getLong(timestamp + 8);
            // a time Instant cannot hold is as malformed as a negative one (a fuzzer found it)
            if (seconds < 0 || seconds > Instant.MAX.getEpochSecond() || micros < 0 || micros >= MICROS_PER_SECOND) {
                handler.skipped(SkipReason.MALFORMED);
                return;
            }
            // a packet the kernel did not stamp carries zeros
            time = seconds == 0 && micros == 0 ? now.get() : Instant.ofEpochSecond(seconds, micros * 1000);
        }
        new IpPacket(network, payloadEnd, time, handler).read(payload, family);
    }

    /** One logged IP packet, from its network header to the end of the copied bytes. */
    private static final class IpPacket {
        private final ByteBuffer bytes;
        private final int end;
        private final Instant time;
        private final Handler handler;

        IpPacket(ByteBuffer bytes, int end, Instant time, Handler handler) {
            this.bytes = bytes;
            this.end = end;
            this.time = time;
            this.handler = handler;
        }

        void read(int offset, int family) {
            if (family == AF_INET) {
                ipv4(offset);
            } else if (family == AF_INET6) {
                ipv6(offset);
            } else {
                handler.skipped(SkipReason.NOT_IP);
            }
        }

        private void ipv4(int offset) {
            if (end - offset < IPV4_HEADER) {
                handler.skipped(SkipReason.TRUNCATED);
                return;
            }
            int versionAndLength = u8(offset);
            int headerLength = (versionAndLength & 0x0F) * 4;
            int totalLength = u16(offset + 2);
            if (versionAndLength >>> 4 != 4 || headerLength < IPV4_HEADER || totalLength < headerLength) {
                handler.skipped(SkipReason.MALFORMED);
                return;
            }
            int fragment = u16(offset + 6);
            if ((fragment & 0x3FFF) != 0) {
                // more fragments to come, or a fragment offset: the ports are not all there
                handler.skipped(SkipReason.FRAGMENT);
                return;
            }
            // the kernel copies at most COPY_RANGE bytes; the packet itself may end sooner
            int packetEnd = Math.min(end, offset + totalLength);
            transport(u8(offset + 9), offset + headerLength, packetEnd, address(offset + 12, 4),
                    address(offset + 16, 4));
        }

        private void ipv6(int offset) {
            if (end - offset < IPV6_HEADER) {
                handler.skipped(SkipReason.TRUNCATED);
                return;
            }
            if (u8(offset) >>> 4 != 6) {
                handler.skipped(SkipReason.MALFORMED);
                return;
            }
            int payloadLength = u16(offset + 4);
            int packetEnd = payloadLength == 0 ? end : Math.min(end, offset + IPV6_HEADER + payloadLength);
            int next = u8(offset + 6);
            int header = offset + IPV6_HEADER;
            // every extension header is at least 8 bytes long, so the walk ends
            while (next == PROTO_HOP_BY_HOP || next == PROTO_ROUTING || next == PROTO_DESTINATION_OPTIONS
                    || next == PROTO_AH || next == PROTO_FRAGMENT) {
                int minimum = next == PROTO_FRAGMENT ? 8 : 2;
                if (packetEnd - header < minimum) {
                    handler.skipped(SkipReason.TRUNCATED);
                    return;
                }
                int following = u8(header);
                if (next == PROTO_FRAGMENT) {
                    if ((u16(header + 2) & 0xFFF9) != 0) {
                        handler.skipped(SkipReason.FRAGMENT);
                        return;
                    }
                    header += 8;
                } else if (next == PROTO_AH) {
                    header += (u8(header + 1) + 2) * 4;
                } else {
                    header += (u8(header + 1) + 1) * 8;
                }
                next = following;
            }
            transport(next, header, packetEnd, address(offset + 8, 16), address(offset + 24, 16));
        }

        private void transport(int protocol, int offset, int packetEnd, InetAddress source, InetAddress destination) {
            if (protocol == PROTO_TCP) {
                if (packetEnd - offset < TCP_HEADER) {
                    handler.skipped(SkipReason.TRUNCATED);
                } else if ((u8(offset + 12) >>> 4) * 4 < TCP_HEADER) {
                    handler.skipped(SkipReason.MALFORMED);
                } else {
                    handler.packet(PacketEvent.tcp(time, source, destination, u16(offset + 2), u8(offset + 13)));
                }
            } else if (protocol == PROTO_UDP) {
                if (packetEnd - offset < UDP_HEADER) {
                    handler.skipped(SkipReason.TRUNCATED);
                } else if (u16(offset + 4) < UDP_HEADER) {
                    handler.skipped(SkipReason.MALFORMED);
                } else {
                    handler.packet(PacketEvent.udp(time, source, destination, u16(offset + 2)));
                }
            } else {
                handler.skipped(SkipReason.NOT_TCP_OR_UDP);
            }
        }

        private InetAddress address(int offset, int length) {
            byte[] raw = new byte[length];
            bytes.get(offset, raw);
            try {
                // Inet6Address keeps IPv4-mapped IPv6 addresses as IPv6, as they travelled
                return length == 4 ? InetAddress.getByAddress(raw) : Inet6Address.getByAddress(null, raw, -1);
            } catch (UnknownHostException e) {
                throw new AssertionError("an address of 4 or 16 bytes is always valid", e);
            }
        }

        private int u8(int offset) {
            return bytes.get(offset) & 0xFF;
        }

        private int u16(int offset) {
            return bytes.getShort(offset) & 0xFFFF;
        }
    }
}
