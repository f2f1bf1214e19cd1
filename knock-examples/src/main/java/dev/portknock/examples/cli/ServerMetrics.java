package dev.portknock.examples.cli;

import dev.portknock.pad.DoorVerifier;
import dev.portknock.pad.PadId;
import dev.portknock.pad.PadStatus;
import dev.portknock.pad.RevokedPad;
import dev.portknock.runtime.KnockEvent;
import dev.portknock.runtime.KnockListener;
import dev.portknock.runtime.ServerDoor;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code [options] Metrics}: knock server's figures for Prometheus, served by the Prometheus Java
 * client's HTTP exporter on the configured address (loopback unless told) at {@code /metrics}:
 *
 * <ul>
 *   <li>{@code portknock_knocks_total{door, outcome}}: complete knocks by outcome ({@code accepted},
 *       a rejection reason such as {@code bad_tags}, {@code throttled}, {@code exhausted});</li>
 *   <li>{@code portknock_pad_knocks_left{door, pad, label}}: knocks left on each pad, read when scraped;
 *       {@code pad} is the pad's id, {@code label} its label as the log lines name it (a pad given
 *       no label is labelled with its file name, or in the library with its id);</li>
 *   <li>{@code portknock_throttle_trips_total{door}}: knocks the failure throttle refused unchecked (their
 *       source prefix had failed too often);</li>
 *   <li>{@code portknock_packets_captured_total} and {@code portknock_packets_dropped_total}: packets
 *       the captures delivered, and dropped before capture (the kernel's count);</li>
 *   <li>{@code portknock_open_services}: services pending or open.</li>
 * </ul>
 *
 * Knocks are counted as the servers report them ({@link #onEvent}); the rest is read from the
 * servers at each scrape. No pad material, source address or cursor appears in a label.
 */
final class ServerMetrics implements KnockListener {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter knocks = Counter.builder().name("portknock_knocks_total")
            .help("Complete knocks by door and outcome").labelNames("door", "outcome").register(registry);
    private final Counter throttled = Counter.builder().name("portknock_throttle_trips_total")
            .help("Knocks the failure throttle refused unchecked, by door").labelNames("door")
            .register(registry);
    private Optional<HTTPServer> server = Optional.empty();

    @Override
    public void onEvent(KnockEvent event) {
        if (event instanceof KnockEvent.Accepted accepted) {
            knocks.labelValues(accepted.door(), "accepted").inc();
        } else if (event instanceof KnockEvent.Rejected rejected) {
            knocks.labelValues(rejected.door(), rejected.reason().name().toLowerCase(Locale.ROOT)).inc();
        } else if (event instanceof KnockEvent.Throttled trip) {
            knocks.labelValues(trip.door(), "throttled").inc();
            throttled.labelValues(trip.door()).inc();
        } else if (event instanceof KnockEvent.Exhausted exhausted) {
            knocks.labelValues(exhausted.door(), "exhausted").inc();
        } else if (event instanceof KnockEvent.Revoked revoked) {
            knocks.labelValues(revoked.door(), "revoked").inc();
        }
    }

    /**
     * Registers what is read from the servers at each scrape and starts the HTTP endpoint.
     *
     * @throws IOException when the address cannot be bound (naming it)
     */
    void serve(InetSocketAddress address, ConfiguredServers servers) throws IOException {
        GaugeWithCallback.builder().name("portknock_pad_knocks_left")
                .help("Knocks left on each pad, by door, pad id and label").labelNames("door", "pad", "label")
                .callback(callback -> {
                    for (ServerDoor door : servers.doors()) {
                        if (door.verifier().isEmpty()) {
                            continue;
                        }
                        DoorVerifier verifier = door.verifier().get();
                        Map<PadId, String> labels = labelsOf(verifier);
                        for (PadStatus pad : verifier.pads()) {
                            callback.call(pad.knocksLeft(), door.name(), pad.padId().toString(),
                                    labels.get(pad.padId()));
                        }
                    }
                }).register(registry);
        CounterWithCallback.builder().name("portknock_packets_captured_total")
                .help("Packets the captures delivered to the servers")
                .callback(callback -> callback.call(servers.captureStatistics().delivered())).register(registry);
        CounterWithCallback.builder().name("portknock_packets_dropped_total")
                .help("Packets dropped before capture (kernel buffer full): knock packets may have been among them")
                .callback(callback -> callback.call(servers.captureStatistics().dropped())).register(registry);
        GaugeWithCallback.builder().name("portknock_open_services").help("Services pending or open")
                .callback(callback -> callback.call(servers.openServices().size())).register(registry);
        try {
            server = Optional.of(HTTPServer.builder().hostname(address.getAddress().getHostAddress())
                    .port(address.getPort()).registry(registry).buildAndStart());
        } catch (IOException e) {
            throw new IOException("cannot serve Metrics on " + address.getAddress().getHostAddress() + " port "
                    + address.getPort() + ": " + KnockCli.describe(e), e);
        }
    }

    /**
     * Each pad's label, by pad id: {@link DoorVerifier#asRevoked()} lists every pad the verifier
     * knows with its label, the pads it serves among them.
     */
    private static Map<PadId, String> labelsOf(DoorVerifier verifier) {
        Map<PadId, String> labels = new HashMap<>();
        for (RevokedPad pad : verifier.asRevoked()) {
            labels.put(pad.pad().id(), pad.label());
        }
        return labels;
    }

    /** Stops the HTTP endpoint. */
    void close() {
        server.ifPresent(HTTPServer::close);
    }
}
