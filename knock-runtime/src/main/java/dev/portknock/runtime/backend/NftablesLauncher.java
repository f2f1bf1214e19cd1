package dev.portknock.runtime.backend;

import dev.portknock.spi.Launch;
import dev.portknock.spi.LaunchRequest;
import dev.portknock.spi.Launcher;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a service by adding {@code address . port} elements with a timeout to an nftables set;
 * see {@link NftablesLauncherProvider} for the settings. nft runs as a program with a fixed
 * argument list, {@code -f -}, and reads its commands from standard input.
 */
final class NftablesLauncher implements Launcher {
    static final String FAMILY = "family";
    static final String TABLE = "table";
    static final String SET = "set";
    static final String CHAIN = "chain";
    static final String PORT = "port";
    static final String CREATE = "create";
    static final String NFT = "nft";
    static final String TIMEOUT = "timeout";
    static final Set<String> SETTINGS = Set.of(FAMILY, TABLE, SET, CHAIN, PORT, CREATE, NFT, TIMEOUT);

    private static final Logger LOG = LoggerFactory.getLogger(NftablesLauncher.class);

    private final NftablesScript script;
    private final String nft;
    private final Duration timeout;

    private NftablesLauncher(NftablesScript script, String nft, Duration timeout) {
        this.script = script;
        this.nft = nft;
        this.timeout = timeout;
    }

    /**
     * A launcher configured by its settings: creates the table, sets and chain when
     * {@code create=true}, otherwise checks that the sets exist.
     *
     * @throws IllegalArgumentException naming a missing, unknown or bad setting
     * @throws IOException when nft is missing, denied permission, or rejects the table or sets
     */
    static NftablesLauncher configure(Map<String, String> values) throws IOException {
        Settings settings = Settings.of("nftables", values, SETTINGS);
        List<Integer> ports = ports(settings);
        NftablesScript script;
        try {
            script = new NftablesScript(settings.optional(FAMILY).orElse("inet"),
                    settings.optional(TABLE).orElse("portknock"), settings.optional(SET).orElse("allowed"),
                    settings.optional(CHAIN).orElse("input"), ports);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("nftables launcher: setting " + e.getMessage(), e);
        }
        boolean create = settings.bool(CREATE, false);
        NftablesLauncher launcher = new NftablesLauncher(script, settings.optional(NFT).orElse("nft"),
                Duration.ofSeconds(settings.integer(TIMEOUT, 10, 1, 3600)));
        if (create) {
            launcher.nft(script.create(), "creating table " + script.table());
        } else {
            for (String check : script.checks()) {
                launcher.nft(check, "checking the sets of table " + script.table());
            }
        }
        return launcher;
    }

    private static List<Integer> ports(Settings settings) {
        Set<Integer> ports = new TreeSet<>();
        for (String item : settings.required(PORT).split(",", -1)) {
            ports.add(settings.parseInteger(PORT, item, 1, 65535));
        }
        return List.copyOf(ports);
    }

    @Override
    public Launch start(LaunchRequest request) throws IOException {
        String source = AddressText.of(request.source());
        nft(openScript(request.source(), request.duration()), "opening ports for " + source);
        LOG.info("door {} source {} service {}: opened tcp ports {} in {} {} for {} ms", request.door(), source,
                request.service(), script.ports(), script.table(), script.setFor(request.source()).orElseThrow(),
                request.duration().toMillis());
        return new NftablesLaunch(request);
    }

    /**
     * An opening an earlier process made: its elements time out in the kernel by themselves, but
     * the server must still be able to close them early (when it stops, or closes the source's
     * services), so the handle deletes them as a launch of this process would (closing is a no-op
     * for elements the kernel has expired already).
     */
    @Override
    public Optional<Launch> recover(LaunchRequest request) {
        return Optional.of(new NftablesLaunch(request));
    }

    private String openScript(InetAddress source, Duration duration) throws IOException {
        try {
            return script.open(source, duration);
        } catch (IllegalArgumentException e) {
            throw new IOException("nftables launcher: " + e.getMessage(), e);
        }
    }

    /** Runs nft on the script, turning each way it can fail into a message that says why. */
    private void nft(String commands, String what) throws IOException {
        CommandRunner.Result result;
        try {
            result = CommandRunner.run(List.of(nft, "-f", "-"), Optional.of(commands), timeout);
        } catch (IOException e) {
            throw new IOException("nftables launcher: cannot run " + nft + " (install nftables, or set nft to"
                    + " the path of the nft program): " + e.getMessage(), e);
        }
        if (result.succeeded()) {
            return;
        }
        if (result.timedOut()) {
            throw new IOException("nftables launcher: " + nft + " timed out after " + timeout.toSeconds()
                    + " s while " + what);
        }
        if (result.output().contains("Operation not permitted")) {
            throw new IOException("nftables launcher: " + nft + " was denied permission while " + what
                    + " (it needs root or CAP_NET_ADMIN): " + result.output());
        }
        throw new IOException("nftables launcher: " + nft + " failed with " + result.describe() + " while "
                + what + ": " + result.output());
    }

    /**
     * The elements of one source; the kernel removes them by itself when their timeout ends, and
     * {@link #stop} deletes them before.
     */
    private final class NftablesLaunch implements Launch {
        private final LaunchRequest request;
        private final AtomicBoolean stopped = new AtomicBoolean();

        NftablesLaunch(LaunchRequest request) {
            this.request = request;
        }

        @Override
        public void extend(Duration remaining) throws IOException {
            if (stopped.get()) {
                throw new IllegalStateException("launch already stopped");
            }
            if (remaining.isNegative() || remaining.isZero()) {
                throw new IllegalArgumentException("remaining must be positive: " + remaining);
            }
            String source = AddressText.of(request.source());
            nft(openScript(request.source(), remaining), "extending ports for " + source);
            LOG.info("door {} source {} service {}: extended tcp ports {} for {} ms", request.door(), source,
                    request.service(), script.ports(), remaining.toMillis());
        }

        @Override
        public void stop() throws IOException {
            if (!stopped.compareAndSet(false, true)) {
                throw new IllegalStateException("launch already stopped");
            }
            String source = AddressText.of(request.source());
            nft(script.close(request.source()), "closing ports for " + source);
            LOG.info("door {} source {} service {}: closed tcp ports {}", request.door(), source,
                    request.service(), script.ports());
        }
    }
}
