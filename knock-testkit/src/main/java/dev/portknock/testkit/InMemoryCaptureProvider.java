package dev.portknock.testkit;

import dev.portknock.spi.CaptureProvider;
import dev.portknock.spi.CaptureSpec;
import dev.portknock.spi.Requirement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@code in-memory} capture backend: {@link #open(CaptureSpec)} returns a new {@link
 * InMemoryCapture}, and the provider remembers every capture it opened so a test can inject
 * packets into the one a server asked for. Needs nothing from the machine.
 */
public final class InMemoryCaptureProvider implements CaptureProvider {
    /** The provider's id. */
    public static final String ID = "in-memory";

    private final List<InMemoryCapture> opened = new CopyOnWriteArrayList<>();

    /** A provider that has opened nothing yet; public for {@link java.util.ServiceLoader}. */
    public InMemoryCaptureProvider() {
    }

    /** {@value #ID}. */
    @Override
    public String id() {
        return ID;
    }

    /** None. */
    @Override
    public Set<Requirement> requirements() {
        return Set.of();
    }

    /** A new in-memory capture for the spec, not yet started. */
    @Override
    public InMemoryCapture open(CaptureSpec spec) {
        InMemoryCapture capture = new InMemoryCapture(spec);
        opened.add(capture);
        return capture;
    }

    /** The captures opened so far, oldest first. */
    public List<InMemoryCapture> opened() {
        return List.copyOf(opened);
    }
}
