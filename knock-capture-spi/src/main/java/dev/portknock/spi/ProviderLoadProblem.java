package dev.portknock.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * A provider that was found but could not be loaded, and was therefore skipped: its class was
 * missing or broken, its constructor threw, or it reported no valid id.
 *
 * @param service the provider interface, {@link CaptureProvider} or {@link LauncherProvider}
 * @param providerClass the provider's class name, when it got as far as being instantiated
 * @param description what went wrong
 * @param cause the exception or error behind it, if any
 */
public record ProviderLoadProblem(Class<?> service, Optional<String> providerClass, String description,
                                  Optional<Throwable> cause) {
    /** Validates the problem. */
    public ProviderLoadProblem {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(providerClass, "providerClass");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(cause, "cause");
    }
}
