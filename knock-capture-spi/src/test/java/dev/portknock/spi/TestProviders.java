package dev.portknock.spi;

import java.util.Set;

/** Capture providers for discovery tests, registered by the tests in temporary service files. */
public final class TestProviders {
    private TestProviders() {
    }

    /** A provider with its own id that loads fine. */
    public static final class Working implements CaptureProvider {
        /** For ServiceLoader. */
        public Working() {
        }

        @Override
        public String id() {
            return "test-capture";
        }

        @Override
        public Set<Requirement> requirements() {
            return Set.of();
        }

        @Override
        public CaptureSource open(CaptureSpec spec) {
            return new InMemoryCapture(spec);
        }
    }

    /** A second provider claiming the in-memory capture's id. */
    public static final class SecondInMemory implements CaptureProvider {
        /** For ServiceLoader. */
        public SecondInMemory() {
        }

        @Override
        public String id() {
            return InMemoryCaptureProvider.ID;
        }

        @Override
        public Set<Requirement> requirements() {
            return Set.of();
        }

        @Override
        public CaptureSource open(CaptureSpec spec) {
            return new InMemoryCapture(spec);
        }
    }

    /** A provider whose constructor throws, as one whose native library is missing might. */
    public static final class ThrowingConstructor implements CaptureProvider {
        /** Always throws. */
        public ThrowingConstructor() {
            throw new IllegalStateException("no capture hardware");
        }

        @Override
        public String id() {
            return "throwing-constructor";
        }

        @Override
        public Set<Requirement> requirements() {
            return Set.of();
        }

        @Override
        public CaptureSource open(CaptureSpec spec) {
            return new InMemoryCapture(spec);
        }
    }

    /** A provider whose id() throws. */
    public static final class ThrowingId implements CaptureProvider {
        /** For ServiceLoader. */
        public ThrowingId() {
        }

        @Override
        public String id() {
            throw new IllegalStateException("id unavailable");
        }

        @Override
        public Set<Requirement> requirements() {
            return Set.of();
        }

        @Override
        public CaptureSource open(CaptureSpec spec) {
            return new InMemoryCapture(spec);
        }
    }

    /** A provider whose id is not a valid id. */
    public static final class InvalidId implements CaptureProvider {
        /** For ServiceLoader. */
        public InvalidId() {
        }

        @Override
        public String id() {
            return "Not Valid";
        }

        @Override
        public Set<Requirement> requirements() {
            return Set.of();
        }

        @Override
        public CaptureSource open(CaptureSpec spec) {
            return new InMemoryCapture(spec);
        }
    }
}
