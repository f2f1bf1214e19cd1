package dev.portknock.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.portknock.pad.MissingStateException;
import dev.portknock.pad.PadId;
import dev.portknock.pad.PadState;
import dev.portknock.pad.Side;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The PostgreSQL store beyond the common contract: schema versions, shared counters, outages. */
@Tag("system")
class JdbcPadStateStoreSystemTest {
    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    static final PadId PAD = new PadId(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
    static final Instant T0 = Instant.parse("2026-05-06T07:08:09.000000001Z");

    @BeforeEach
    void startFromAnEmptyDatabase() throws SQLException {
        POSTGRES.dropTables();
    }

    @Test
    void createRecordsSchemaVersionOne() throws IOException, SQLException {
        JdbcPadStateStore.create(POSTGRES.dataSource());

        try (var connection = POSTGRES.connect()) {
            assertEquals(1, Schema.installedVersion(connection));
        }
    }

    @Test
    void aDatabaseIsSharedByGatewaysSoItsCursorsAreReReadEverySecond() throws IOException {
        JdbcPadStateStore store = JdbcPadStateStore.create(POSTGRES.dataSource());

        assertEquals(Optional.of(Duration.ofSeconds(1)), store.sharedRefreshInterval());
    }

    @Test
    void createIsIdempotentAndKeepsTheState() throws IOException {
        JdbcPadStateStore first = JdbcPadStateStore.create(POSTGRES.dataSource());
        PadState fresh = first.read(PAD, Side.SERVER);
        assertTrue(first.compareAndSet(fresh, fresh.advancedTo(7, T0)));

        JdbcPadStateStore second = JdbcPadStateStore.create(POSTGRES.dataSource());

        assertEquals(new PadState(PAD, Side.SERVER, 7, 0, Optional.of(T0)), second.read(PAD, Side.SERVER));
    }

    @Test
    void gatewaysStartingTogetherCreateTheSchemaOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<JdbcPadStateStore>> created = new ArrayList<>();
            for (int gateway = 0; gateway < 3; gateway++) {
                created.add(pool.submit(() -> JdbcPadStateStore.create(POSTGRES.dataSource())));
            }
            for (Future<JdbcPadStateStore> store : created) {
                assertEquals(PadState.fresh(PAD, Side.SERVER), store.get().read(PAD, Side.SERVER));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void createRefusesANewerSchema() throws IOException, SQLException {
        JdbcPadStateStore.create(POSTGRES.dataSource());
        POSTGRES.execute("INSERT INTO portknock_schema_version (version) VALUES (2)");

        IOException e = assertThrows(IOException.class, () -> JdbcPadStateStore.create(POSTGRES.dataSource()));

        assertEquals("database schema version 2 is newer than this knock-state-jdbc supports (1);"
                + " upgrade knock-state-jdbc", e.getMessage());
    }

    @Test
    void failuresCountedByManyGatewaysAtOnceAreAllKept() throws Exception {
        List<JdbcPadStateStore> gateways = List.of(JdbcPadStateStore.create(POSTGRES.dataSource()),
                JdbcPadStateStore.create(POSTGRES.dataSource()), JdbcPadStateStore.create(POSTGRES.dataSource()));
        gateways.get(0).create(PadState.fresh(PAD, Side.SERVER));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<List<Long>>> counts = new ArrayList<>();
        try {
            for (int thread = 0; thread < 6; thread++) {
                JdbcPadStateStore store = gateways.get(thread % 3);
                Callable<List<Long>> counting = () -> {
                    List<Long> seen = new ArrayList<>();
                    for (int i = 0; i < 40; i++) {
                        seen.add(store.recordFailures(PAD, Side.SERVER, 1, T0).failures());
                    }
                    return seen;
                };
                counts.add(pool.submit(counting));
            }
            Set<Long> distinct = new HashSet<>();
            for (Future<List<Long>> seen : counts) {
                distinct.addAll(seen.get());
            }
            assertEquals(240, distinct.size());
            assertEquals(240, gateways.get(0).read(PAD, Side.SERVER).failures());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailureOnAPadWithNoRowCreatesNoRow() throws IOException {
        JdbcPadStateStore store = JdbcPadStateStore.create(POSTGRES.dataSource());

        assertThrows(MissingStateException.class, () -> store.recordFailures(PAD, Side.SERVER, 1, T0));
        assertEquals(Optional.empty(), store.stored(PAD, Side.SERVER));
    }

    @Test
    void compareAndSetFromFreshSeesFailuresCountedOnTheCreatedRow() throws IOException {
        JdbcPadStateStore store = JdbcPadStateStore.create(POSTGRES.dataSource());
        PadState fresh = PadState.fresh(PAD, Side.SERVER);
        store.create(fresh);
        store.recordFailures(PAD, Side.SERVER, 1, T0);

        assertFalse(store.compareAndSet(fresh, fresh.advancedTo(1, T0)));
        assertEquals(0, store.read(PAD, Side.SERVER).cursor());
    }

    @Test
    void everyOperationFailsWithAnIoErrorWhileTheDatabaseIsDownAndRecoversWhenItReturns() throws Exception {
        JdbcPadStateStore store = JdbcPadStateStore.create(POSTGRES.dataSource());
        PadState fresh = store.read(PAD, Side.SERVER);
        assertTrue(store.compareAndSet(fresh, fresh.advancedTo(1, T0)));
        PadState at1 = store.read(PAD, Side.SERVER);

        POSTGRES.stop();
        try {
            IOException read = assertThrows(IOException.class, () -> store.read(PAD, Side.SERVER));
            IOException moved = assertThrows(IOException.class, () -> store.compareAndSet(at1, at1.advancedTo(2, T0)));
            IOException counted = assertThrows(IOException.class, () -> store.recordFailures(PAD, Side.SERVER, 1, T0));
            for (IOException e : List.of(read, moved, counted)) {
                // 08001: no connection could be made; 57P01: a pooled connection made before the
                // shutdown was terminated by it. Which one an operation meets first depends on the pool.
                assertTrue(e.getMessage().contains("(SQL state 08001)") || e.getMessage().contains("(SQL state 57P01)"),
                        e.getMessage());
                assertFalse(e.getMessage().contains(POSTGRES.password()), e.getMessage());
            }
            assertTrue(moved.getMessage().startsWith("cannot update the state of pad " + PAD + "/server in"),
                    moved.getMessage());
        } finally {
            POSTGRES.start();
        }

        assertEquals(at1, readOnceReachable(store));
        assertTrue(store.compareAndSet(at1, at1.advancedTo(2, T0)));
        assertEquals(2, store.read(PAD, Side.SERVER).cursor());
    }

    /** Reads the state as soon as the pool has reconnected (it backs off up to a few seconds). */
    private static PadState readOnceReachable(JdbcPadStateStore store) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return store.read(PAD, Side.SERVER);
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }
}
