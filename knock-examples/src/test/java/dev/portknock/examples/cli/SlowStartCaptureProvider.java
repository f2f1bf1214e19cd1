package dev.portknock.examples.cli;

import dev.portknock.spi.CaptureProvider;
import dev.portknock.spi.CaptureSource;
import dev.portknock.spi.CaptureSpec;
import dev.portknock.spi.CaptureStatistics;
import dev.portknock.spi.PacketSink;
import dev.portknock.spi.ProviderRegistry;
import dev.portknock.spi.Requirement;
import java.io.IOException;
import java.util.Set;

/**
 * The capture {@code slow-start-udp}: the built-in {@code udp-socket} capture, whose start takes
 * {@link #START_DELAY_MILLIS} longer, as libpcap's activation on a busy gateway may. A server
 * that said it serves before its capture started would be caught out by a knock sent at once.
 * Registered in the tests' {@code META-INF/services}, so that a server in a JVM of its own finds it.
 */
public final class SlowStartCaptureProvider implements CaptureProvider {
    static final String ID = "slow-start-udp";
    static final long START_DELAY_MILLIS = 2_000;

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
        CaptureSource udp = ProviderRegistry.discoverCaptureProviders().get("udp-socket").open(spec);
        return new CaptureSource() {
            @Override
            public void start(PacketSink sink) throws IOException {
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
