package dev.portknock.nflog;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The numbers of the netlink and nfnetlink_log wire protocol ({@code linux/netlink.h},
 * {@code linux/netfilter/nfnetlink.h}, {@code linux/netfilter/nfnetlink_log.h}) and the one request
 * this backend sends: bind a group and configure it. Netlink headers are in the host's byte order,
 * nfnetlink_log's attribute values in network order.
 */
final class NflogProtocol {
    /** {@code AF_NETLINK}. */
    static final int AF_NETLINK = 16;
    /** {@code NETLINK_NETFILTER}. */
    static final int NETLINK_NETFILTER = 12;
    /** {@code AF_INET}, as nfnetlink_log writes the family of an IPv4 packet. */
    static final int AF_INET = 2;
    /** {@code AF_INET6}, as nfnetlink_log writes the family of an IPv6 packet. */
    static final int AF_INET6 = 10;

    /** {@code sizeof(struct nlmsghdr)}. */
    static final int NLMSG_HEADER = 16;
    /** {@code sizeof(struct nfgenmsg)}. */
    static final int NFGENMSG = 4;
    /** {@code sizeof(struct nlattr)}. */
    static final int NLA_HEADER = 4;
    static final int NLMSG_NOOP = 1;
    static final int NLMSG_ERROR = 2;
    static final int NLMSG_DONE = 3;
    static final int NLMSG_OVERRUN = 4;
    static final int NLM_F_REQUEST = 0x01;
    static final int NLM_F_ACK = 0x04;
    /** The attribute type bits, without {@code NLA_F_NESTED} and {@code NLA_F_NET_BYTEORDER}. */
    static final int NLA_TYPE_MASK = 0x3FFF;

    /** {@code NFNL_SUBSYS_ULOG}: nfnetlink_log's subsystem, the high byte of its message types. */
    static final int NFNL_SUBSYS_ULOG = 4;
    /** {@code NFULNL_MSG_PACKET}: a logged packet. */
    static final int MSG_PACKET = NFNL_SUBSYS_ULOG << 8;
    /** {@code NFULNL_MSG_CONFIG}: configures a group. */
    static final int MSG_CONFIG = (NFNL_SUBSYS_ULOG << 8) | 1;

    static final int NFULA_PACKET_HDR = 1;
    static final int NFULA_TIMESTAMP = 3;
    static final int NFULA_PAYLOAD = 9;
    static final int NFULA_SEQ = 12;

    static final int NFULA_CFG_CMD = 1;
    static final int NFULA_CFG_MODE = 2;
    static final int NFULA_CFG_NLBUFSIZ = 3;
    static final int NFULA_CFG_TIMEOUT = 4;
    static final int NFULA_CFG_QTHRESH = 5;
    static final int NFULA_CFG_FLAGS = 6;
    static final int CMD_BIND = 1;
    static final int COPY_PACKET = 2;
    /** {@code NFULNL_CFG_F_SEQ}: number each logged packet of the group, so gaps show losses. */
    static final int FLAG_SEQUENCE = 0x0001;

    /**
     * Bytes of each packet copied to user space: a knock is read from its headers alone (IP with
     * room for IPv4 options or IPv6 extension headers, then TCP or UDP), as pcap's snapshot length.
     */
    static final int COPY_RANGE = 512;
    /**
     * The kernel's batch buffer: packets are gathered into one netlink datagram of up to this many
     * bytes, so a flood is read many packets per system call (the kernel caps it at 128 KiB).
     */
    static final int BATCH_BYTES = 64 * 1024;
    /**
     * The longest a logged packet waits in a batch before the kernel sends it, in hundredths of a
     * second: 10 ms, so a lone knock is seen at once while a flood still fills whole batches.
     */
    static final int FLUSH_HUNDREDTHS = 1;
    /** Packets per batch at most; the batch buffer is the real limit under a flood. */
    static final int QUEUE_THRESHOLD = 1024;

    private NflogProtocol() {
    }

    /** Rounds a netlink length up to the 4-byte alignment of messages and attributes. */
    static int align(int length) {
        return (length + 3) & ~3;
    }

    /**
     * The request that binds this socket to the group and configures it in one message: copy
     * {@value #COPY_RANGE} bytes of each packet, batch up to {@value #BATCH_BYTES} bytes or
     * {@value #QUEUE_THRESHOLD} packets for at most 10 ms, and number the packets. Acknowledged by
     * an {@code NLMSG_ERROR} carrying the sequence number.
     */
    static byte[] bindRequest(int group, int sequence) {
        if (group < 0 || group > 0xFFFF) {
            throw new IllegalArgumentException("nflog group must be in 0..65535: " + group);
        }
        int length = NLMSG_HEADER + NFGENMSG + align(NLA_HEADER + 1) + align(NLA_HEADER + 6)
                + 3 * (NLA_HEADER + 4) + align(NLA_HEADER + 2);
        ByteBuffer message = ByteBuffer.allocate(length).order(ByteOrder.nativeOrder());
        message.putInt(length).putShort((short) MSG_CONFIG).putShort((short) (NLM_F_REQUEST | NLM_F_ACK))
                .putInt(sequence).putInt(0);
        // nfgenmsg: family AF_UNSPEC, version NFNETLINK_V0, the group as resource id in network order
        message.put((byte) 0).put((byte) 0).order(ByteOrder.BIG_ENDIAN).putShort((short) group);
        attribute(message, NFULA_CFG_CMD, 1).put((byte) CMD_BIND);
        pad(message);
        attribute(message, NFULA_CFG_MODE, 6).putInt(COPY_RANGE).put((byte) COPY_PACKET).put((byte) 0);
        pad(message);
        attribute(message, NFULA_CFG_NLBUFSIZ, 4).putInt(BATCH_BYTES);
        attribute(message, NFULA_CFG_TIMEOUT, 4).putInt(FLUSH_HUNDREDTHS);
        attribute(message, NFULA_CFG_QTHRESH, 4).putInt(QUEUE_THRESHOLD);
        attribute(message, NFULA_CFG_FLAGS, 2).putShort((short) FLAG_SEQUENCE);
        pad(message);
        return message.array();
    }

    /** Writes an attribute header (host order) and leaves the buffer in network order for its value. */
    private static ByteBuffer attribute(ByteBuffer message, int type, int valueLength) {
        message.order(ByteOrder.nativeOrder()).putShort((short) (NLA_HEADER + valueLength)).putShort((short) type);
        return message.order(ByteOrder.BIG_ENDIAN);
    }

    private static void pad(ByteBuffer message) {
        while (message.position() % 4 != 0) {
            message.put((byte) 0);
        }
    }
}
