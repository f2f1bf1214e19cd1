package dev.portknock.examples.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Handles SIGHUP, which otherwise ends the JVM, with {@code sun.misc.Signal} (module
 * {@code jdk.unsupported}), the JDK's only way to handle a signal. It is reached reflectively:
 * javac warns on every mention of its classes, a warning no {@code @SuppressWarnings} silences,
 * and the build treats warnings as errors.
 */
final class HangUpSignal implements AutoCloseable {
    private final Method handle;
    private final Object signal;
    private final Object previous;

    private HangUpSignal(Method handle, Object signal, Object previous) {
        this.handle = handle;
        this.signal = signal;
        this.previous = previous;
    }

    /**
     * Runs {@code onHangUp} on every SIGHUP (on a thread the JVM starts for the signal) until closed.
     *
     * @throws IllegalStateException when this JVM cannot handle SIGHUP
     */
    static HangUpSignal handle(Runnable onHangUp) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object signal = signalClass.getConstructor(String.class).newInstance("HUP");
            Object handler = Proxy.newProxyInstance(handlerClass.getClassLoader(), new Class<?>[] {handlerClass},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            onHangUp.run();
                            yield null;
                        }
                        case "equals" -> proxy == args[0];
                        case "hashCode" -> System.identityHashCode(proxy);
                        default -> "SIGHUP handler";
                    });
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            return new HangUpSignal(handle, signal, handle.invoke(null, signal, handler));
        } catch (ReflectiveOperationException | RuntimeException e) {
            Throwable cause = e instanceof InvocationTargetException target ? target.getCause() : e;
            throw new IllegalStateException("cannot handle SIGHUP: " + cause, cause);
        }
    }

    /** Puts back the handler SIGHUP had before. */
    @Override
    public void close() {
        try {
            handle.invoke(null, signal, previous);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot restore the SIGHUP handler: " + e, e);
        }
    }
}
