package dev.portknock.nflog;

import dev.portknock.spi.CaptureProvider;
import dev.portknock.spi.CaptureSpec;
import dev.portknock.spi.Requirement;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code nflog} capture backend: the firewall logs the doors' packets to an NFLOG group and
 * drops them, and the capture reads the group over netlink. Only packets to the doors' ports ever
 * leave the kernel, batched many to a read; everything else costs user space nothing.
 *
 * <p>Needs root or {@code CAP_NET_ADMIN}, the {@code nft} program, and a kernel with
 * nfnetlink_log and nft's log expression (Debian's kernels have both). The doors' port ranges,
 * the spec's {@link CaptureSpec#networkInterface() network interface} and
 * {@link CaptureSpec#listenAddress() listen address} (each optional) become the rules of table
 * {@code inet portknock_nflog_<group>}; see {@link NflogCaptureSource}.
 *
 * <p>Options: {@code group}, the NFLOG group (0..65535, default 4242; one process can bind a
 * group at a time); {@code buffer_size}, the netlink socket's receive buffer in bytes
 * (262144..2147483647, default 33554432 = 32 MiB): batches that arrive while it is full are lost
 * and counted in {@link dev.portknock.spi.CaptureStatistics#dropped()}.
 */
public final class NflogCaptureProvider implements CaptureProvider {
    /** This backend's id. */
    public static final String ID = "nflog";

    /** The provider; {@link java.util.ServiceLoader} and explicit configuration both call this. */
    public NflogCaptureProvider() {
        // stateless: the socket and the table are made when a capture starts
    }

    @Override
    public String id() {
        return ID;
    }

    /** Root or {@code CAP_NET_ADMIN}, and nftables. */
    @Override
    public Set<Requirement> requirements() {
        return Set.of(Requirement.FIREWALL_PRIVILEGE, Requirement.NFTABLES);
    }

    /**
     * A capture for the spec, not yet started; nothing is installed before {@link
     * NflogCaptureSource#start}.
     *
     * @throws IllegalArgumentException when the spec names a capture file, an interface name the
     *     rules cannot carry, an unknown option, or a bad group or buffer size
     */
    @Override
    public NflogCaptureSource open(CaptureSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (spec.captureFile().isPresent()) {
            throw new IllegalArgumentException(NflogMessages.captureFileGiven());
        }
        NflogOptions options = NflogOptions.of(spec.options());
        NftRules rules = new NftRules(options.group(), spec.ports(), spec.networkInterface(), spec.listenAddress());
        return new NflogCaptureSource(rules, options.bufferSize(), spec.clock());
    }
}
