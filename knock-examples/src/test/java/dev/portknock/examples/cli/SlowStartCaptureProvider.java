package dev.portknock.examples.cli;

import dev.portknock.spi.CaptureProvider;
import dev.portknock.spi.CaptureSource;
import dev.portknock.spi.CaptureSpec;
import dev.portknock.spi.CaptureStatistics;
import dev.portknock.spi.PacketSink;
import dev.portknock.spi.ProviderRegistry;
import dev.portknock.spi.Requirement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The capture {@code slow-start-udp}: the built-in {@code udp-socket} capture, whose start takes
 * {@link #START_DELAY_MILLIS} longer, as libpcap's activation on a busy gateway may. A server
 * that said it serves before its capture started would be caught out by a knock sent at once.
 * Registered in the tests' {@code META-INF/services}, so that a server in a JVM of its own finds it.
 * The option {@value #STARTING} names a file it creates as its start begins, so that a test knows
 * when the server is in the middle of starting.
 */
public final class SlowStartCaptureProvider implements CaptureProvider {
    static final String ID = "slow-start-udp";
    static final long START_DELAY_MILLIS = 2_000;
    /** The capture option naming the file made when the start begins. */
    static final String STARTING = "starting";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<Requirement> requirements() {
        return Set.of();
    }

    @Override
    public CaptureSource open(CaptureSpec spec) throws IOException {
        Optional<Path> starting = Optional.ofNullable(spec.options().get(STARTING)).map(Path::of);
        Map<String, String> options = new HashMap<>(spec.options());
        options.remove(STARTING);
        CaptureSource udp = ProviderRegistry.discoverCaptureProviders().get("udp-socket").open(new CaptureSpec(
                spec.ports(), spec.networkInterface(), spec.listenAddress(), spec.captureFile(), spec.clock(), options));
        return new CaptureSource() {
            @Override
            public void start(PacketSink sink) throws IOException {
                if (starting.isPresent()) {
                    Files.createFile(starting.get());
                }
                try {
                    Thread.sleep(START_DELAY_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while starting", e);
                }
                udp.start(sink);
            }

            @Override
            public CaptureStatistics statistics() {
                return udp.statistics();
            }

            @Override
            public void close() {
                udp.close();
            }
        };
    }
}
