package dev.portknock.core;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * One captured packet as a reusable view that a capture backend fills from a frame's bytes, for
 * {@link SequenceMatcher#offer(CapturedPacket)}: what a {@link PacketEvent} says, without the
 * objects a {@code PacketEvent} costs per packet. The source address is kept as its bytes (two
 * words) and the capture time as seconds and nanoseconds; the matcher keys its table by those
 * bytes and compares those numbers, and makes an {@code InetAddress} only for an attempt it
 * reports, an {@code Instant} only for a packet that starts or continues an attempt. A flood of
 * spoofed IPv6 sources, each a new {@code Inet6Address} of four objects in a {@code PacketEvent},
 * then costs no object at all for the packets that start nothing.
 *
 * <p>A backend fills every part for each packet, then hands the view over:
 * {@link #time(long, int)}, {@link #source(byte[], int, int)} (or {@link #source(InetAddress)}),
 * {@link #destination(InetAddress)}, and {@link #udp(int)} or {@link #tcp(int, int)}; or all of
 * them at once from an event with {@link #of(PacketEvent)}. Each setter validates its values as
 * {@code PacketEvent} does ({@link IllegalArgumentException}); a getter of a part never set since
 * the view was made throws {@link IllegalStateException}.
 *
 * <p>Mutable and not thread-safe: one view per capture thread, read during the call it is handed
 * to and refilled for the next packet. Whoever keeps a packet beyond that call keeps
 * {@link #toEvent()}.
 */
public final class CapturedPacket {
    private static final int NANOS_PER_SECOND = 1_000_000_000;
    private static final int TIME = 1;
    private static final int SOURCE = 2;
    private static final int DESTINATION = 4;
    private static final int TRANSPORT = 8;

    /** The parts set since the view was made: a getter of another part throws. */
    private int filled;
    private long epochSecond;
    private int nano;
    /** The capture time as an object, made on first request after {@link #time(long, int)}. */
    private Instant time;
    /** The source's bytes as {@link AddressTable} keys them (words only, never hashed here). */
    private final AddressTable.Key sourceWords = new AddressTable.Key();
    /**
     * The source as an object: the one {@link #source(InetAddress)} was given (which may carry an
     * IPv6 scope its bytes do not say), or the one made on first request from the bytes.
     */
    private InetAddress source;
    /** Whether {@link #source} was given rather than made from the bytes. */
    private boolean sourceGiven;
    private InetAddress destination;
    private int destinationPort;
    private Transport transport;
    private int tcpFlags;

    /** An empty view, to be filled for each packet. */
    public CapturedPacket() {
    }

    /**
     * Fills every part from an event.
     *
     * @return this view
     */
    public CapturedPacket of(PacketEvent event) {
        Objects.requireNonNull(event, "event");
        Instant at = event.time();
        time(at.getEpochSecond(), at.getNano());
        time = at;
        source(event.source());
        destination(event.destination());
        return transport(event.transport(), event.destinationPort(), event.tcpFlags());
    }

    /**
     * Sets the capture time.
     *
     * @param epochSecond seconds since the epoch, within {@link Instant}'s range
     * @param nanoOfSecond nanoseconds within that second, 0..999,999,999
     * @return this view
     * @throws IllegalArgumentException when either lies outside its range
     */
    public CapturedPacket time(long epochSecond, int nanoOfSecond) {
        if (epochSecond < Instant.MIN.getEpochSecond() || epochSecond > Instant.MAX.getEpochSecond()) {
            throw new IllegalArgumentException("capture time must be within an instant's range: " + epochSecond + " s");
        }
        if (nanoOfSecond < 0 || nanoOfSecond >= NANOS_PER_SECOND) {
            throw new IllegalArgumentException("nanoseconds must be in 0..999999999: " + nanoOfSecond);
        }
        this.epochSecond = epochSecond;
        this.nano = nanoOfSecond;
        this.time = null;
        filled |= TIME;
        return this;
    }

    /**
     * Sets the source address from its bytes in network order, which are read now (the array may
     * be reused afterwards). No {@code InetAddress} is made unless {@link #source()} is called.
     *
     * @param bytes the array holding the address
     * @param offset where its first byte is
     * @param length 4 (IPv4) or 16 (IPv6; an IPv4-mapped address stays IPv6, as it travelled)
     * @return this view
     * @throws IllegalArgumentException when the length is neither, or the address does not lie inside the array
     */
    public CapturedPacket source(byte[] bytes, int offset, int length) {
        Objects.requireNonNull(bytes, "bytes");
        if (length != 4 && length != 16) {
            throw new IllegalArgumentException("an address is 4 or 16 bytes long: " + length);
        }
        if (offset < 0 || offset > bytes.length - length) {
            throw new IllegalArgumentException("address must lie inside the " + bytes.length + " bytes: offset "
                    + offset + ", length " + length);
        }
        sourceWords.words(bytes, offset, length);
        source = null;
        sourceGiven = false;
        filled |= SOURCE;
        return this;
    }

    /**
     * Sets the source address from an object, which {@link #source()} then returns as it is (with
     * its scope, if it has one).
     *
     * @return this view
     */
    public CapturedPacket source(InetAddress address) {
        Objects.requireNonNull(address, "source");
        sourceWords.address(address);
        source = address;
        sourceGiven = true;
        filled |= SOURCE;
        return this;
    }

    /**
     * Sets the destination address (a capture's packets nearly all share one: a backend keeps its
     * object and sets the same one again).
     *
     * @return this view
     */
    public CapturedPacket destination(InetAddress address) {
        destination = Objects.requireNonNull(address, "destination");
        filled |= DESTINATION;
        return this;
    }

    /**
     * Makes the packet a UDP datagram to the port.
     *
     * @param port 0..65535
     * @return this view
     * @throws IllegalArgumentException when the port lies outside 0..65535
     */
    public CapturedPacket udp(int port) {
        return transport(Transport.UDP, port, 0);
    }

    /**
     * Makes the packet a TCP segment to the port with the flags.
     *
     * @param port 0..65535
     * @param flags the TCP flag byte
     * @return this view
     * @throws IllegalArgumentException when the port lies outside 0..65535 or the flags outside one byte
     */
    public CapturedPacket tcp(int port, int flags) {
        return transport(Transport.TCP, port, flags);
    }

    private CapturedPacket transport(Transport value, int port, int flags) {
        PacketEvent.checkPortAndFlags(port, flags);
        transport = value;
        destinationPort = port;
        tcpFlags = flags;
        filled |= TRANSPORT;
        return this;
    }

    /** The capture time, made once per packet on first request. */
    public Instant time() {
        if (time == null) {
            requireFilled(TIME, "time");
            time = Instant.ofEpochSecond(epochSecond, nano);
        }
        return time;
    }

    /**
     * The source address: the object the view was given, or one made from the bytes on first
     * request (and kept until the next source is set).
     */
    public InetAddress source() {
        if (source == null) {
            requireFilled(SOURCE, "source");
            source = AddressTable.addressOf(sourceWords.first, sourceWords.second, sourceWords.ipv6);
        }
        return source;
    }

    /** The destination address. */
    public InetAddress destination() {
        requireFilled(DESTINATION, "destination");
        return destination;
    }

    /** The destination port, 0..65535. */
    public int destinationPort() {
        requireFilled(TRANSPORT, "destination port");
        return destinationPort;
    }

    /** UDP or TCP. */
    public Transport transport() {
        requireFilled(TRANSPORT, "transport");
        return transport;
    }

    /** The TCP flag byte (0 for UDP). */
    public int tcpFlags() {
        requireFilled(TRANSPORT, "tcp flags");
        return tcpFlags;
    }

    /** The packet as an event of its own, which outlives the view. */
    public PacketEvent toEvent() {
        return new PacketEvent(time(), source(), destination(), destinationPort(), transport(), tcpFlags);
    }

    /** Seconds of the capture time, without making an {@code Instant}. */
    long epochSecond() {
        requireFilled(TIME, "time");
        return epochSecond;
    }

    /** Nanoseconds of the capture time within its second. */
    int nano() {
        requireFilled(TIME, "time");
        return nano;
    }

    /** The source's words, unhashed: the matcher hashes them into its own key. */
    AddressTable.Key sourceWords() {
        requireFilled(SOURCE, "source");
        return sourceWords;
    }

    /**
     * The source object the view was given, which an attempt keeps when it has a scope; null when
     * the source was set from bytes (which carry no scope).
     */
    InetAddress givenSource() {
        return sourceGiven ? source : null;
    }

    private void requireFilled(int part, String name) {
        if ((filled & part) == 0) {
            throw new IllegalStateException("the packet's " + name + " was never set");
        }
    }

    @Override
    public String toString() {
        return "captured packet " + ((filled & TRANSPORT) == 0 ? "(no transport set)" : transport + " to port " + destinationPort);
    }
}
