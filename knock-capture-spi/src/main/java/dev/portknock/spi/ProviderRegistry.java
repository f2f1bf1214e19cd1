package dev.portknock.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The capture or launch backends at hand, by id: either found through {@link ServiceLoader}
 * (the convenience path) or built from given instances (tests, dependency injection).
 *
 * <p>Every provider has a unique id; two providers with one id fail when the registry is built,
 * naming the id and both classes. A discovered provider that cannot be loaded (its class is
 * missing or broken, its constructor throws, its {@code id()} or {@code requirements()} throws or
 * answers nothing valid) is skipped, logged as a warning and listed in {@link #loadProblems()};
 * the others still load. Asking for an id that is not there throws {@link
 * ProviderNotFoundException} naming the module to add; there is never a silent no-op fallback,
 * since a capture that sees nothing would be a door that never opens.
 *
 * <p>A registry is immutable and safe to share between threads.
 *
 * @param <P> {@link CaptureProvider} or {@link LauncherProvider}
 */
public final class ProviderRegistry<P> {
    private static final System.Logger LOGGER = System.getLogger(ProviderRegistry.class.getName());

    /** Ids end up in configuration files and command lines: keep them plain. */
    private static final Pattern VALID_ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    private static final String RUNTIME = "knock-runtime";
    private static final String PCAP = "knock-capture-pcap";
    private static final String NFLOG = "knock-capture-nflog";
    private static final String TESTKIT = "knock-testkit";

    private static final Kind<CaptureProvider> CAPTURE = new Kind<>(CaptureProvider.class, "capture provider",
            CaptureProvider::id, CaptureProvider::requirements,
            Map.of("udp-socket", RUNTIME, "pcap", PCAP, "nflog", NFLOG, "in-memory", TESTKIT));
    private static final Kind<LauncherProvider> LAUNCHER = new Kind<>(LauncherProvider.class, "launcher provider",
            LauncherProvider::id, LauncherProvider::requirements,
            Map.of("process", RUNTIME, "nftables", RUNTIME, "recording", TESTKIT));

    private final Kind<P> kind;
    private final boolean discovered;
    private final Map<String, P> byId;
    private final Set<String> ids;
    private final List<ProviderLoadProblem> loadProblems;

    private ProviderRegistry(Kind<P> kind, boolean discovered, Map<String, P> byId,
                             List<ProviderLoadProblem> loadProblems) {
        this.kind = kind;
        this.discovered = discovered;
        this.byId = Collections.unmodifiableMap(new LinkedHashMap<>(byId));
        this.ids = Collections.unmodifiableSet(new TreeSet<>(byId.keySet()));
        this.loadProblems = List.copyOf(loadProblems);
    }

    /**
     * The capture providers registered with {@link ServiceLoader} and visible to the current
     * thread's context class loader (the system class loader when it has none).
     *
     * @throws IllegalStateException when two providers have the same id
     */
    public static ProviderRegistry<CaptureProvider> discoverCaptureProviders() {
        return discover(CAPTURE, Thread.currentThread().getContextClassLoader());
    }

    /**
     * The capture providers registered with {@link ServiceLoader} and visible to the class loader.
     *
     * @throws IllegalStateException when two providers have the same id
     */
    public static ProviderRegistry<CaptureProvider> discoverCaptureProviders(ClassLoader loader) {
        return discover(CAPTURE, Objects.requireNonNull(loader, "loader"));
    }

    /**
     * The launcher providers registered with {@link ServiceLoader} and visible to the current
     * thread's context class loader (the system class loader when it has none).
     *
     * @throws IllegalStateException when two providers have the same id
     */
    public static ProviderRegistry<LauncherProvider> discoverLauncherProviders() {
        return discover(LAUNCHER, Thread.currentThread().getContextClassLoader());
    }

    /**
     * The launcher providers registered with {@link ServiceLoader} and visible to the class loader.
     *
     * @throws IllegalStateException when two providers have the same id
     */
    public static ProviderRegistry<LauncherProvider> discoverLauncherProviders(ClassLoader loader) {
        return discover(LAUNCHER, Objects.requireNonNull(loader, "loader"));
    }

    /**
     * Exactly the given capture providers, nothing discovered.
     *
     * @throws IllegalArgumentException when two providers have the same id, or one has no valid id
     */
    public static ProviderRegistry<CaptureProvider> ofCaptureProviders(List<? extends CaptureProvider> providers) {
        return given(CAPTURE, providers);
    }

    /**
     * Exactly the given launcher providers, nothing discovered.
     *
     * @throws IllegalArgumentException when two providers have the same id, or one has no valid id
     */
    public static ProviderRegistry<LauncherProvider> ofLauncherProviders(
            List<? extends LauncherProvider> providers) {
        return given(LAUNCHER, providers);
    }

    /**
     * The provider with the id.
     *
     * @throws ProviderNotFoundException when there is none; the message names the module to add
     *     or lists the ids there are
     */
    public P get(String id) {
        return find(id).orElseThrow(() -> notFound(id));
    }

    /** The provider with the id, if there is one. */
    public Optional<P> find(String id) {
        return Optional.ofNullable(byId.get(Objects.requireNonNull(id, "id")));
    }

    /** The providers, in the order they were found or given. */
    public List<P> providers() {
        return List.copyOf(byId.values());
    }

    /** The ids of the providers, sorted. */
    public Set<String> ids() {
        return ids;
    }

    /** The providers that were found but skipped because they failed to load; empty when given. */
    public List<ProviderLoadProblem> loadProblems() {
        return loadProblems;
    }

    private static <P> ProviderRegistry<P> discover(Kind<P> kind, ClassLoader loader) {
        Iterator<P> found = ServiceLoader.load(kind.service(), loader).iterator();
        Map<String, P> byId = new LinkedHashMap<>();
        List<ProviderLoadProblem> problems = new ArrayList<>();
        while (true) {
            P provider;
            try {
                // ServiceLoader's iterator moves past a broken entry, so the next call goes on
                if (!found.hasNext()) {
                    break;
                }
                provider = found.next();
            } catch (ServiceConfigurationError | LinkageError broken) {
                problems.add(skip(kind, Optional.empty(), Objects.requireNonNullElse(broken.getMessage(), broken.toString()), broken));
                continue;
            }
            String id;
            try {
                id = idOf(kind, provider);
            } catch (IllegalArgumentException invalid) {
                problems.add(skip(kind, Optional.of(provider.getClass().getName()), invalid.getMessage(),
                        invalid.getCause()));
                continue;
            }
            add(kind, byId, id, provider, IllegalStateException::new);
        }
        return new ProviderRegistry<>(kind, true, byId, problems);
    }

    private static <P> ProviderRegistry<P> given(Kind<P> kind, List<? extends P> providers) {
        Map<String, P> byId = new LinkedHashMap<>();
        for (P provider : List.copyOf(Objects.requireNonNull(providers, "providers"))) {
            add(kind, byId, idOf(kind, provider), provider, IllegalArgumentException::new);
        }
        return new ProviderRegistry<>(kind, false, byId, List.of());
    }

    private static <P> void add(Kind<P> kind, Map<String, P> byId, String id, P provider,
                                Function<String, RuntimeException> duplicate) {
        P earlier = byId.putIfAbsent(id, provider);
        if (earlier != null) {
            throw duplicate.apply("two " + kind.noun() + "s have the id '" + id + "': "
                    + earlier.getClass().getName() + " and " + provider.getClass().getName());
        }
    }

    /**
     * The provider's id, after checking that it answers both {@code id()} and
     * {@code requirements()} sensibly.
     *
     * @throws IllegalArgumentException describing what is wrong, with the provider's own exception
     *     as the cause
     */
    /**
     * Whether {@code id} may be a provider's id: lowercase letters, digits, '.', '_' and '-',
     * starting with a letter or digit (ids end up in configuration files and command lines). A
     * registry refuses a provider whose id is not; a configuration can check a name before it
     * asks a registry for it.
     */
    public static boolean isValidId(String id) {
        return id != null && VALID_ID.matcher(id).matches();
    }

    private static <P> String idOf(Kind<P> kind, P provider) {
        String name = provider.getClass().getName();
        String id;
        Set<Requirement> requirements;
        try {
            id = kind.id().apply(provider);
        } catch (RuntimeException | LinkageError failure) {
            throw new IllegalArgumentException(name + ": id() threw " + failure, failure);
        }
        if (!isValidId(id)) {
            throw new IllegalArgumentException(name + ": the id " + (id == null ? "null" : "'" + id + "'")
                    + " is not valid; an id is lowercase letters, digits, '.', '_' and '-'");
        }
        try {
            requirements = kind.requirements().apply(provider);
        } catch (RuntimeException | LinkageError failure) {
            throw new IllegalArgumentException(name + ": requirements() threw " + failure, failure);
        }
        if (requirements == null) {
            throw new IllegalArgumentException(name + ": requirements() returned null");
        }
        return id;
    }

    private static ProviderLoadProblem skip(Kind<?> kind, Optional<String> providerClass, String description,
                                            Throwable cause) {
        LOGGER.log(System.Logger.Level.WARNING, "skipped a " + kind.noun() + " that failed to load: "
                + description, cause);
        return new ProviderLoadProblem(kind.service(), providerClass, description, Optional.ofNullable(cause));
    }

    private ProviderNotFoundException notFound(String id) {
        Optional<String> module = Optional.ofNullable(kind.modules().get(id));
        StringBuilder message = new StringBuilder("no ").append(kind.noun()).append(" with id '").append(id);
        if (!discovered) {
            message.append("' was given; ids given: ").append(listed(ids));
        } else if (module.isPresent()) {
            message.append("' is on the class path; add the module ").append(module.get())
                    .append(" (dev.portknock:").append(module.get()).append(')');
        } else {
            message.append("' is on the class path; ids on the class path: ").append(listed(ids));
        }
        if (!loadProblems.isEmpty()) {
            message.append("; ").append(loadProblems.size()).append(' ').append(kind.noun())
                    .append(loadProblems.size() == 1 ? "" : "s").append(" failed to load: ");
            loadProblems.forEach(problem -> message.append(problem.description()).append("; "));
            message.setLength(message.length() - 2);
        }
        return new ProviderNotFoundException(message.toString(), id, module);
    }

    private static String listed(Set<String> ids) {
        return ids.isEmpty() ? "none" : String.join(", ", ids);
    }

    /**
     * What the registry needs to know about one provider interface.
     *
     * @param modules the portknock module that ships each built-in id
     */
    private record Kind<P>(Class<P> service, String noun, Function<P, String> id,
                           Function<P, Set<Requirement>> requirements, Map<String, String> modules) {
    }
}
