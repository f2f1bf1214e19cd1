package dev.portknock.jdbc;

import dev.portknock.core.Profile;
import dev.portknock.pad.DoorVerifier;
import dev.portknock.pad.InMemoryPadStateStore;
import dev.portknock.pad.IssuedKnock;
import dev.portknock.pad.KnockIssuer;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadState;
import dev.portknock.pad.Side;
import dev.portknock.pad.TestPads;
import dev.portknock.pad.Verification;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;

/**
 * Knocks accepted per second through the shared PostgreSQL store with three gateways (three
 * {@link DoorVerifier}s on three {@link JdbcPadStateStore}s and data sources), on a throw-away
 * server from {@link PostgresServer}. Run by hand (as root, or as a user that may run postgres):
 *
 * <pre>
 * mvn -B -q -pl knock-state-jdbc -am test-compile dependency:build-classpath \
 *     -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/fleet.cp
 * java -cp knock-state-jdbc/target/test-classes:knock-state-jdbc/target/classes:$(cat /tmp/fleet.cp) \
 *     dev.portknock.jdbc.FleetThroughput [knocks]
 * </pre>
 *
 * Two figures, each gateway on its own pool from {@link JdbcStateConfig#dataSource()}: every knock
 * mirrored to all three gateways at once (one accepts, two find the block gone) or spread
 * round-robin (each gateway sees a third). Knocks are issued before the clock starts; the time is
 * verification only. Not a test: nothing here asserts a speed.
 */
public final class FleetThroughput {
    private static final Profile PROFILE = Profile.defaults();
    private static final int[] COMMAND = {22, 60, 1};

    private FleetThroughput() {
    }

    /**
     * Runs both measurements.
     *
     * @param args optionally the number of knocks per measurement (default 2000)
     */
    public static void main(String[] args) throws Exception {
        int knocks = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Path dir = Files.createTempDirectory("portknock-fleet-throughput-");
        try (PostgresServer postgres = new PostgresServer()) {
            postgres.start();
            for (boolean mirrored : new boolean[] {true, false}) {
                String mode = mirrored ? "mirrored to all three" : "spread round-robin";
                List<DataSource> sources = List.of(postgres.dataSource(), postgres.dataSource(), postgres.dataSource());
                try {
                    report(mode, knocks, measure(sources, dir, mode, knocks, mirrored));
                } finally {
                    postgres.closePools();
                }
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }

    private static void report(String mode, int knocks, long nanos) {
        System.out.printf(Locale.ROOT, "%s: %d knocks accepted in %.2f s = %.0f knocks/s%n", mode, knocks,
                nanos / 1e9, knocks / (nanos / 1e9));
    }

    /** Nanoseconds to have every knock accepted once. */
    private static long measure(List<DataSource> sources, Path dir, String seed, int knocks, boolean mirrored)
            throws Exception {
        InetAddress source = InetAddress.getByName("192.0.2.10");
        Pad pad = TestPads.fromSeed(dir, seed, PROFILE.digitBits(), (knocks + 1) * PROFILE.blockDigits());
        KnockIssuer issuer = new KnockIssuer(PROFILE, pad, new InMemoryPadStateStore(), Clock.systemUTC());
        List<IssuedKnock> issued = new ArrayList<>(knocks);
        for (int j = 0; j < knocks; j++) {
            issued.add(issuer.issue(COMMAND, Optional.of(source)));
        }
        List<DoorVerifier> gateways = new ArrayList<>();
        JdbcPadStateStore.create(sources.get(0)).create(PadState.fresh(pad.id(), Side.SERVER));
        for (int g = 0; g < 3; g++) {
            gateways.add(DoorVerifier.builder(PROFILE, JdbcPadStateStore.create(sources.get(g)))
                    .pads(pad).build());
        }
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            long start = System.nanoTime();
            int accepted = 0;
            for (int j = 0; j < knocks; j++) {
                int[] digits = issued.get(j).digits();
                List<Future<Verification>> pending = new ArrayList<>();
                for (int g = 0; g < 3; g++) {
                    if (mirrored || g == j % 3) {
                        DoorVerifier gateway = gateways.get(g);
                        pending.add(threads.submit(() -> gateway.verify(digits, source)));
                    }
                }
                for (Future<Verification> result : pending) {
                    if (result.get() instanceof Verification.Accepted) {
                        accepted++;
                    }
                }
            }
            long elapsed = System.nanoTime() - start;
            if (accepted != knocks) {
                throw new IOException("expected " + knocks + " accepted knocks, got " + accepted);
            }
            return elapsed;
        } finally {
            threads.shutdownNow();
        }
    }
}
