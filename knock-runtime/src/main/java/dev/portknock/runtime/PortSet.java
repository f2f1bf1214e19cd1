package dev.portknock.runtime;

import dev.portknock.core.PortRange;
import dev.portknock.core.Transport;
import java.util.BitSet;
import java.util.List;

/** The UDP and TCP ports a capture delivers, for checking that a door's ports are among them. */
final class PortSet {
    private final BitSet udp = new BitSet(65536);
    private final BitSet tcp = new BitSet(65536);

    private PortSet() {
    }

    static PortSet of(List<PortRange> ranges) {
        PortSet ports = new PortSet();
        for (PortRange range : ranges) {
            ports.of(range.transport()).set(range.first(), range.last() + 1);
        }
        return ports;
    }

    private BitSet of(Transport transport) {
        return transport == Transport.UDP ? udp : tcp;
    }

    /**
     * Checks that every port of the range is in the set.
     *
     * @throws IllegalArgumentException naming the door and the first port missing
     */
    void requireCovers(String door, PortRange range) {
        int missing = of(range.transport()).nextClearBit(range.first());
        if (missing <= range.last()) {
            throw new IllegalArgumentException("door " + door + " uses " + range.transport().keyword() + " port "
                    + missing + ", which the capture does not deliver (it delivers the ports of the doors the "
                    + "server was built with)");
        }
    }
}
