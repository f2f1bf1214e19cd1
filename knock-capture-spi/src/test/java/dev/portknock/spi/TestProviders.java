package dev.portknock.spi;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * Providers for discovery tests. {@link Working} and {@link WorkingLauncher} are registered in the
 * test class path's own service files (the SPI module provides no backend of its own); the others
 * only by the tests, in temporary service files.
 */
public final class TestProviders {
    private TestProviders() {
    }

    /** A capture that never delivers anything: discovery tests open no capture. */
    private static final class IdleCapture implements CaptureSource {
        @Override
        public void start(PacketSink sink) {
        }

        @Override
        public CaptureStatistics statistics() {
            return new CaptureStatistics(0, 0);
        }

        @Override
        public void close() {
        }
    }

    /**
     * A provider that needs nothing and opens an idle capture; each test provider differs only in
     * its id (or in how it fails), and ServiceLoader needs a class of its own for each.
     */
    private abstract static class IdleBacked implements CaptureProvider {
        @Override
        public Set<Requirement> requirements() {
            return Set.of();
        }

        @Override
        public CaptureSource open(CaptureSpec spec) {
            return new IdleCapture();
        }
    }

    /** A provider with its own id that loads fine, registered on the test class path. */
    public static final class Working extends IdleBacked {
        /** For ServiceLoader. */
        public Working() {
        }

        @Override
        public String id() {
            return "test-capture";
        }
    }

    /** Another provider that loads fine, registered only by the tests that want it. */
    public static final class Extra extends IdleBacked {
        /** For ServiceLoader. */
        public Extra() {
        }

        @Override
        public String id() {
            return "extra-capture";
        }
    }

    /** A second provider claiming the id of {@link Working}. */
    public static final class SecondWorking extends IdleBacked {
        /** For ServiceLoader. */
        public SecondWorking() {
        }

        @Override
        public String id() {
            return "test-capture";
        }
    }

    /** A provider whose constructor throws, as one whose native library is missing might. */
    public static final class ThrowingConstructor extends IdleBacked {
        /** Always throws. */
        public ThrowingConstructor() {
            throw new IllegalStateException("no capture hardware");
        }

        @Override
        public String id() {
            return "throwing-constructor";
        }
    }

    /** A provider whose id() throws. */
    public static final class ThrowingId extends IdleBacked {
        /** For ServiceLoader. */
        public ThrowingId() {
        }

        @Override
        public String id() {
            throw new IllegalStateException("id unavailable");
        }
    }

    /** A provider whose id is not a valid id. */
    public static final class InvalidId extends IdleBacked {
        /** For ServiceLoader. */
        public InvalidId() {
        }

        @Override
        public String id() {
            return "Not Valid";
        }
    }

    /** A launcher provider that loads fine, registered on the test class path; it opens nothing. */
    public static final class WorkingLauncher implements LauncherProvider {
        /** For ServiceLoader. */
        public WorkingLauncher() {
        }

        @Override
        public String id() {
            return "test-launcher";
        }

        @Override
        public Set<Requirement> requirements() {
            return Set.of();
        }

        @Override
        public Launcher create(Map<String, String> settings) {
            return request -> {
                throw new IOException("the test launcher opens nothing");
            };
        }
    }
}
