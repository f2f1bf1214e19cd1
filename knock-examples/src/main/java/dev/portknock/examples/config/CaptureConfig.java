package dev.portknock.examples.config;

import java.net.InetAddress;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where a door's packets are captured. Doors with the same type, interface, listen address and
 * nflog group share one capture source, so they must agree on its buffer size too (a configuration
 * checks it).
 *
 * @param type the capture backend
 * @param networkInterface the interface to capture on (from {@code [options] Interface}), if set
 * @param listen the local address to bind (udp-socket) or to filter on (pcap; knockd's
 *               {@code Target}), if set
 * @param bufferSize the kernel capture buffer in bytes (pcap; for nflog the netlink socket's
 *                   receive buffer), if set; otherwise the backend's default
 * @param nflogGroup the NFLOG group (nflog only, 0..65535), if set; otherwise the backend's default
 * @param options the backend's own options from the door's {@code capture_option.NAME} keys, by
 *                name (without the prefix), passed to the provider as they are; sorted by name
 */
public record CaptureConfig(CaptureType type, Optional<String> networkInterface, Optional<InetAddress> listen,
                            Optional<Integer> bufferSize, Optional<Integer> nflogGroup, Map<String, String> options) {
    /** The prefix of a door's keys that pass an option to its capture backend as it is. */
    public static final String OPTION_PREFIX = "capture_option.";
    /** The highest NFLOG group number. */
    public static final int MAX_NFLOG_GROUP = 65_535;
    /**
     * The group of {@code capture = nflog} without {@code nflog_group}: the nflog backend's own
     * default, written out so that every nflog capture of a configuration names its group.
     */
    public static final int DEFAULT_NFLOG_GROUP = 4242;

    /** Validates the settings. */
    public CaptureConfig {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(networkInterface, "networkInterface");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(bufferSize, "bufferSize");
        Objects.requireNonNull(nflogGroup, "nflogGroup");
        options = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(options, "options")));
        if (bufferSize.isPresent() && !type.equals(CaptureType.PCAP) && !type.equals(CaptureType.NFLOG)) {
            throw new IllegalArgumentException("a buffer size applies to capture pcap and nflog only, not " + type.id());
        }
        if (bufferSize.isPresent() && bufferSize.get() < 1) {
            throw new IllegalArgumentException("buffer size must be positive: " + bufferSize.get());
        }
        if (nflogGroup.isPresent() && !type.equals(CaptureType.NFLOG)) {
            throw new IllegalArgumentException("an nflog group applies to capture nflog only, not " + type.id());
        }
        if (nflogGroup.isPresent() && (nflogGroup.get() < 0 || nflogGroup.get() > MAX_NFLOG_GROUP)) {
            throw new IllegalArgumentException("nflog group must be in 0.." + MAX_NFLOG_GROUP + ": " + nflogGroup.get());
        }
    }

    /** A capture with no backend options of its own. */
    public CaptureConfig(CaptureType type, Optional<String> networkInterface, Optional<InetAddress> listen,
                         Optional<Integer> bufferSize, Optional<Integer> nflogGroup) {
        this(type, networkInterface, listen, bufferSize, nflogGroup, Map.of());
    }

    /** A capture with no nflog group: any but {@link CaptureType#NFLOG}, or nflog on its default group. */
    public CaptureConfig(CaptureType type, Optional<String> networkInterface, Optional<InetAddress> listen,
                         Optional<Integer> bufferSize) {
        this(type, networkInterface, listen, bufferSize, Optional.empty());
    }

    /**
     * Whether both watch the same way (type, interface, listen address, nflog group) and so share
     * one capture source.
     */
    public boolean sharesSourceWith(CaptureConfig other) {
        return type.equals(other.type) && networkInterface.equals(other.networkInterface) && listen.equals(other.listen)
                && nflogGroup.equals(other.nflogGroup);
    }

    /**
     * Whether both are nflog captures that would bind the same group without sharing a source:
     * one process can bind a group once, so such doors cannot both be served.
     */
    public boolean contendsForNflogGroupWith(CaptureConfig other) {
        return type.equals(CaptureType.NFLOG) && other.type.equals(CaptureType.NFLOG) && nflogGroup.equals(other.nflogGroup)
                && !sharesSourceWith(other);
    }
}
