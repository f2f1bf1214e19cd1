package dev.portknock.runtime;

/**
 * Receives a {@link KnockServer}'s events. Called from the server's threads; must be thread-safe
 * and quick. An exception thrown by a listener is logged and does not disturb the server.
 */
@FunctionalInterface
public interface KnockListener {
    /** One event. */
    void onEvent(KnockEvent event);
}
