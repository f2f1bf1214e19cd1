package dev.portknock.pcap;

import dev.portknock.spi.CaptureProvider;
import dev.portknock.spi.CaptureSpec;
import dev.portknock.spi.Requirement;
import java.io.IOException;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code pcap} capture backend: libpcap through JNA. A spec with a
 * {@link CaptureSpec#networkInterface() network interface} captures live there (root or
 * {@code CAP_NET_RAW}); a spec with a {@link CaptureSpec#captureFile() capture file} replays it
 * (no privilege needed). Either way the system libpcap must be installed (Debian
 * {@code libpcap0.8}).
 */
public final class PcapCaptureProvider implements CaptureProvider {
    /** This backend's id. */
    public static final String ID = "pcap";

    /** The provider; {@link java.util.ServiceLoader} and explicit configuration both call this. */
    public PcapCaptureProvider() {
        // stateless: libpcap is loaded when a capture is opened
    }

    @Override
    public String id() {
        return ID;
    }

    /** Root or {@code CAP_NET_RAW}, libpcap and a network interface (live capture needs all three). */
    @Override
    public Set<Requirement> requirements() {
        return Set.of(Requirement.RAW_CAPTURE_PRIVILEGE, Requirement.LIBPCAP, Requirement.NETWORK_INTERFACE);
    }

    /**
     * A capture for the spec, not yet started: live on its network interface, or a replay of its
     * capture file.
     *
     * <p>Options: {@code buffer_size}, the kernel capture buffer of a live capture in bytes
     * (65536..2147483647, default 33554432 = 32 MiB, or the system property
     * {@code dev.portknock.pcap.buffer_size} when it is set); packets that arrive while it is full are
     * lost and counted in {@link dev.portknock.spi.CaptureStatistics#dropped()}. On Linux libpcap
     * divides it into 256 KiB blocks, and under a flood each block is handed over with the packets
     * of one block timeout (2 ms with the default, 1 ms from 64 MiB up; a smaller buffer gets a
     * longer timeout, up to 32 ms from 2 MiB down, see the capture's Javadoc): every buffer up to
     * 64 MiB then holds about a quarter of a second of a flood of small packets (with the default
     * up to some 900,000 packets/s, where blocks fill before their timeout) while the capture
     * thread waits for a CPU, and a lone packet reaches the capture up to one timeout after it
     * arrived. Above 64 MiB the timeout stays 1 ms, so each further 64 MiB holds another quarter
     * of a second: 256 MiB hold a second, which a freshly started server needs to take 500,000
     * packets/s before its capture path is compiled. The whole ring is mapped into the server:
     * each MiB of buffer is a MiB resident.
     *
     * @throws IOException when libpcap is not installed
     * @throws IllegalArgumentException when the spec names neither or both of a network interface
     *     and a capture file, a blank interface name, an unknown option or a bad buffer size
     */
    @Override
    public PcapCaptureSource open(CaptureSpec spec) throws IOException {
        Objects.requireNonNull(spec, "spec");
        if (spec.networkInterface().isPresent() == spec.captureFile().isPresent()) {
            throw new IllegalArgumentException("pcap capture needs either a network interface or a capture file");
        }
        if (spec.networkInterface().map(String::isBlank).orElse(false)) {
            throw new IllegalArgumentException("network interface name must not be blank");
        }
        int bufferBytes = PcapOptions.bufferSize(spec.options());
        PcapLibrary pcap = Libpcap.load();
        if (spec.captureFile().isPresent()) {
            return PcapCaptureSource.offline(pcap, spec.captureFile().get());
        }
        return PcapCaptureSource.live(pcap, spec.networkInterface().get(), spec.ports(), spec.listenAddress(),
                bufferBytes);
    }
}
