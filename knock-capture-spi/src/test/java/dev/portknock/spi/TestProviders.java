package dev.portknock.spi;

import java.util.Set;

/** Capture providers for discovery tests, registered by the tests in temporary service files. */
public final class TestProviders {
    private TestProviders() {
    }

    /**
     * A provider that needs nothing and opens an in-memory capture; each test provider differs
     * only in its id (or in how it fails), and ServiceLoader needs a class of its own for each.
     */
    private abstract static class InMemoryBacked implements CaptureProvider {
        @Override
        public Set<Requirement> requirements() {
            return Set.of();
        }

        @Override
        public CaptureSource open(CaptureSpec spec) {
            return new InMemoryCapture(spec);
        }
    }

    /** A provider with its own id that loads fine. */
    public static final class Working extends InMemoryBacked {
        /** For ServiceLoader. */
        public Working() {
        }

        @Override
        public String id() {
            return "test-capture";
        }
    }

    /** A second provider claiming the in-memory capture's id. */
    public static final class SecondInMemory extends InMemoryBacked {
        /** For ServiceLoader. */
        public SecondInMemory() {
        }

        @Override
        public String id() {
            return InMemoryCaptureProvider.ID;
        }
    }

    /** A provider whose constructor throws, as one whose native library is missing might. */
    public static final class ThrowingConstructor extends InMemoryBacked {
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
    public static final class ThrowingId extends InMemoryBacked {
        /** For ServiceLoader. */
        public ThrowingId() {
        }

        @Override
        public String id() {
            throw new IllegalStateException("id unavailable");
        }
    }

    /** A provider whose id is not a valid id. */
    public static final class InvalidId extends InMemoryBacked {
        /** For ServiceLoader. */
        public InvalidId() {
        }

        @Override
        public String id() {
            return "Not Valid";
        }
    }
}
