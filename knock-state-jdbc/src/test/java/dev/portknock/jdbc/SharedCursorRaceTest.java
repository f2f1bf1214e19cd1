package dev.portknock.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portknock.pad.PadId;
import dev.portknock.pad.PadState;
import dev.portknock.pad.Side;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three gateways (separate stores on separate data sources), several threads each, race to move
 * one pad's cursor a step at a time: every step is won exactly once.
 */
@Tag("system")
class SharedCursorRaceTest {
    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    static final PadId PAD = new PadId(new byte[] {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6});
    static final int GATEWAYS = 3;
    static final int THREADS_PER_GATEWAY = 4;
    static final long STEPS = 300;
    static final Instant AT = Instant.parse("2026-02-03T04:05:06Z");

    @Test
    void everyStepOfTheCursorIsWonByExactlyOneRacer() throws Exception {
        POSTGRES.dropTables();
        List<JdbcPadStateStore> gateways = new ArrayList<>();
        for (int g = 0; g < GATEWAYS; g++) {
            gateways.add(JdbcPadStateStore.create(POSTGRES.dataSource()));
        }
        Map<Long, String> winners = new ConcurrentHashMap<>();
        Map<Long, String> doubleWins = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(GATEWAYS * THREADS_PER_GATEWAY);
        try {
            List<Future<?>> racers = new ArrayList<>();
            for (int g = 0; g < GATEWAYS; g++) {
                for (int t = 0; t < THREADS_PER_GATEWAY; t++) {
                    JdbcPadStateStore store = gateways.get(g);
                    String racer = "gateway " + g + " thread " + t;
                    racers.add(pool.submit(() -> {
                        while (true) {
                            PadState seen = store.read(PAD, Side.SERVER);
                            if (seen.cursor() >= STEPS) {
                                return null;
                            }
                            if (store.compareAndSet(seen, seen.advancedTo(seen.cursor() + 1, AT))) {
                                String earlier = winners.putIfAbsent(seen.cursor(), racer);
                                if (earlier != null) {
                                    doubleWins.put(seen.cursor(), earlier + " and " + racer);
                                }
                            }
                        }
                    }));
                }
            }
            for (Future<?> racer : racers) {
                racer.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(Map.of(), doubleWins);
        assertEquals(LongStream.range(0, STEPS).boxed().collect(Collectors.toSet()), winners.keySet());
        assertEquals(STEPS, gateways.get(0).read(PAD, Side.SERVER).cursor());
    }
}
