package dev.portknock.spi;

import java.io.IOException;
import java.util.Set;

/**
 * A capture backend, found through {@link java.util.ServiceLoader} (register it in
 * {@code module-info} with {@code provides} and in {@code META-INF/services}).
 */
public interface CaptureProvider {
    /** The backend's unique id, e.g. {@code udp-socket} or {@code pcap}. */
    String id();

    /** What the backend needs to run. */
    Set<Requirement> requirements();

    /**
     * A capture source for the spec, not yet started.
     *
     * @throws IOException when the backend cannot be used here (the message says why)
     * @throws IllegalArgumentException when the spec does not suit the backend
     */
    CaptureSource open(CaptureSpec spec) throws IOException;
}
