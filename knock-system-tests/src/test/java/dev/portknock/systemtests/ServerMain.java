package dev.portknock.systemtests;

import dev.portknock.core.OneTimeDoor;
import dev.portknock.pad.FilePadStateStore;
import dev.portknock.pad.Pad;
import dev.portknock.runtime.KnockEvent;
import dev.portknock.runtime.KnockServer;
import dev.portknock.runtime.ServerDoor;
import dev.portknock.spi.CaptureSource;
import dev.portknock.spi.CaptureSpec;
import dev.portknock.spi.CaptureStatistics;
import dev.portknock.spi.Launcher;
import dev.portknock.spi.ProviderRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The knock server of the end-to-end tests, run in the server's namespace: an embedded
 * {@link KnockServer} with a capture live on the given interface ({@code pcap} unless another
 * capture id is given) and the {@code nftables} launcher (which creates its table, sets and chain)
 * opening the protected port, both found through {@link ProviderRegistry}.
 *
 * <p>Arguments: the pad file, the server's state directory, the interface, and optionally a
 * capture id followed by capture options as {@code key=value}. Prints {@code READY}
 * once capturing, then one line per event (see {@link #line(KnockEvent)}). Reads commands from
 * standard input: {@code stats} prints {@code STATS <delivered> <skipped>}; the end of input (or
 * SIGTERM) closes the server, which closes what it opened.
 */
public final class ServerMain {
    private ServerMain() {
    }

    /**
     * Runs the server.
     *
     * @param args pad file, state directory, network interface, optionally a capture id and its options
     * @throws IOException when the pad, state, capture or firewall cannot be set up
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: ServerMain <pad file> <state directory> <interface> [<capture> [key=value...]]");
            System.exit(2);
        }
        String captureId = args.length > 3 ? args[3] : "pcap";
        Map<String, String> captureOptions = new HashMap<>();
        for (int i = 4; i < args.length; i++) {
            String[] option = args[i].split("=", 2);
            captureOptions.put(option[0], option[1]);
        }
        Pad pad = Pad.open(Path.of(args[0]));
        Launcher firewall = ProviderRegistry.discoverLauncherProviders().get("nftables")
                .create(Map.of("port", String.valueOf(E2eDoor.PROTECTED_PORT), "create", "true"));
        ServerDoor door = ServerDoor.oneTime(new OneTimeDoor(E2eDoor.NAME, E2eDoor.PROFILE),
                        FilePadStateStore.existing(Path.of(args[1])))
                .pads(pad)
                .service(E2eDoor.SERVICE, firewall)
                .maxDuration(Duration.ofSeconds(60))
                .build();
        CaptureSpec spec = new CaptureSpec(KnockServer.portRanges(List.of(door)), Optional.of(args[2]),
                Optional.empty(), Optional.empty(), Clock.systemUTC(), captureOptions);
        CaptureSource capture = ProviderRegistry.discoverCaptureProviders().get(captureId).open(spec);
        KnockServer server = KnockServer.builder()
                .capture(capture)
                .door(door)
                .listener(event -> print(line(event)))
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "server-shutdown"));
        server.start();
        print("READY");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String command = in.readLine(); command != null; command = in.readLine()) {
            if (command.equals("stats")) {
                CaptureStatistics statistics = server.captureStatistics();
                print("STATS " + statistics.delivered() + " " + statistics.skipped());
            } else {
                print("UNKNOWN " + command);
            }
        }
        server.close();
        firewall.close();
    }

    private static synchronized void print(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /**
     * One line per event: its kind, then the service where it has one, then the source, then the
     * reason or index ({@code ACCEPTED 192.0.2.10 3}, {@code OPENED 22 192.0.2.10},
     * {@code REJECTED 192.0.2.10 BAD_TAGS}).
     */
    static String line(KnockEvent event) {
        if (event instanceof KnockEvent.Accepted e) {
            return "ACCEPTED " + e.source().getHostAddress() + " " + e.knockIndex();
        } else if (event instanceof KnockEvent.Rejected e) {
            return "REJECTED " + e.source().getHostAddress() + " " + e.reason();
        } else if (event instanceof KnockEvent.Discarded e) {
            return "DISCARDED " + e.source().getHostAddress() + " " + e.reason();
        } else if (event instanceof KnockEvent.Throttled e) {
            return "THROTTLED " + e.source().getHostAddress();
        } else if (event instanceof KnockEvent.Exhausted e) {
            return "EXHAUSTED " + e.source().getHostAddress();
        } else if (event instanceof KnockEvent.Opened e) {
            return "OPENED " + e.service() + " " + e.source().getHostAddress();
        } else if (event instanceof KnockEvent.Extended e) {
            return "EXTENDED " + e.service() + " " + e.source().getHostAddress();
        } else if (event instanceof KnockEvent.Closed e) {
            return "CLOSED " + e.service() + " " + e.source().getHostAddress();
        } else if (event instanceof KnockEvent.LaunchFailed e) {
            return "LAUNCH-FAILED " + e.service() + " " + e.source().getHostAddress() + " " + e.action() + ": "
                    + e.message();
        }
        throw new IllegalArgumentException("unknown event " + event);
    }
}
