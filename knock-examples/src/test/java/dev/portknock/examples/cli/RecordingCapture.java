package dev.portknock.examples.cli;

import dev.portknock.spi.CaptureProvider;
import dev.portknock.spi.CaptureSource;
import dev.portknock.spi.CaptureSpec;
import dev.portknock.spi.CaptureStatistics;
import dev.portknock.spi.PacketSink;
import dev.portknock.spi.Requirement;
import java.util.Set;

/** Takes the place of libpcap or nflog: remembers the spec and hands the test the server's sink. */
final class RecordingCapture implements CaptureProvider {
    private final String id;
    CaptureSpec spec;
    RecordingSource source;

    RecordingCapture(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Set<Requirement> requirements() {
        return Set.of();
    }

    @Override
    public CaptureSource open(CaptureSpec value) {
        spec = value;
        source = new RecordingSource();
        return source;
    }

    /** The source the server reads: the test feeds packets to {@link #sink}. */
    static final class RecordingSource implements CaptureSource {
        volatile PacketSink sink;

        @Override
        public void start(PacketSink value) {
            sink = value;
        }

        @Override
        public CaptureStatistics statistics() {
            return new CaptureStatistics(0, 0);
        }

        @Override
        public void close() {
            // nothing to release: the test feeds the packets
        }
    }
}
