package dev.portknock.jdbc;

import dev.portknock.pad.MissingStateException;
import dev.portknock.pad.PadId;
import dev.portknock.pad.PadState;
import dev.portknock.pad.PadStateStore;
import dev.portknock.pad.Side;
import dev.portknock.pad.StateExistsException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pad cursors and failure counters in PostgreSQL, shared by every gateway that opens the same
 * database: a block accepted by one gateway is refused by all the others.
 *
 * <p><b>Transactions.</b> Every operation is one transaction at {@code READ COMMITTED}, committed
 * before the method returns; nothing is reported as stored before the commit succeeded.
 * {@link #compareAndSet} is a conditional {@code UPDATE ... WHERE} the stored row still equals
 * the expected state (cursor, failures and last use), which must change exactly one row; under
 * {@code READ COMMITTED} PostgreSQL re-checks that condition against the latest committed row
 * after waiting for a concurrent writer, so of two gateways racing from the same state exactly one
 * changes the row and the other gets false (no retry loop, no serialization failures). A pad with
 * no row has nothing stored ({@link #stored} is empty): a server refuses it, a client reads it as
 * fresh and its first move inserts the row with {@code ON CONFLICT DO NOTHING}, as {@link #create}
 * does. {@link #recordFailures} is one atomic {@code UPDATE failures = failures + count ...
 * RETURNING} of a stored row; it never makes one up.
 * Durability is PostgreSQL's: keep {@code synchronous_commit} at its default ({@code on}) or
 * stronger.
 *
 * <p><b>Failures.</b> A database that cannot be reached or refuses a statement makes every method
 * throw {@link IOException} wrapping the {@link SQLException}; the message names the operation and
 * pad, never credentials. Callers fail closed on it (a verifier refuses the knock). The store
 * holds no connection between operations: each one takes a connection from the {@link DataSource}
 * and closes it (back to the pool), so the store recovers by itself when the database returns. A
 * pool should validate the connections it hands out, as {@link JdbcStateConfig#dataSource()}'s does;
 * a connection broken by a restart that is handed out anyway fails one operation, which is
 * refused like any other, and the pool drops it.
 *
 * <p>The schema is {@code dev/portknock/jdbc/schema-v1.sql} in this jar (tables
 * {@code portknock_schema_version} and {@code portknock_pad_state}), created by {@link #create}.
 */
public final class JdbcPadStateStore implements PadStateStore {
    /**
     * How often a server re-reads its cursors from a shared database: other gateways may have
     * moved them by more than a window since ({@link #sharedRefreshInterval()}). One read per
     * pad per second is a fixed load, whatever packets arrive.
     */
    public static final Duration SHARED_REFRESH_INTERVAL = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(JdbcPadStateStore.class);

    private static final String SELECT = "SELECT cursor, failures, last_use_second, last_use_nano"
            + " FROM portknock_pad_state WHERE pad_id = ? AND side = ?";
    private static final String INSERT = "INSERT INTO portknock_pad_state"
            + " (pad_id, side, cursor, failures, last_use_second, last_use_nano) VALUES (?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (pad_id, side) DO NOTHING";
    private static final String UPDATE = "UPDATE portknock_pad_state"
            + " SET cursor = ?, failures = ?, last_use_second = ?, last_use_nano = ?"
            + " WHERE pad_id = ? AND side = ? AND cursor = ? AND failures = ?"
            + " AND last_use_second IS NOT DISTINCT FROM ? AND last_use_nano IS NOT DISTINCT FROM ?";
    private static final String COUNT_FAILURES = "UPDATE portknock_pad_state"
            + " SET failures = failures + ?, last_use_second = ?, last_use_nano = ?"
            + " WHERE pad_id = ? AND side = ?"
            + " RETURNING cursor, failures, last_use_second, last_use_nano";

    private final DataSource dataSource;
    private final AtomicBoolean healthy = new AtomicBoolean(true);

    /** One unit of work inside a transaction. */
    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException, IOException;
    }

    private JdbcPadStateStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * A store on a database, creating schema version {@value Schema#VERSION} when absent
     * (idempotent; safe when several gateways start at once).
     *
     * @param dataSource connections to the database; each operation takes one and closes it
     * @throws IOException when the database cannot be reached, refuses the schema, or already
     *     holds a newer schema version than this module supports
     */
    public static JdbcPadStateStore create(DataSource dataSource) throws IOException {
        Objects.requireNonNull(dataSource, "dataSource");
        JdbcPadStateStore store = new JdbcPadStateStore(dataSource);
        store.transaction("create the schema in", connection -> {
            Schema.apply(connection);
            return null;
        });
        LOG.info("pad state store ready on PostgreSQL, schema version {}", Schema.VERSION);
        return store;
    }

    /** The schema version this module creates and uses. */
    public static int schemaVersion() {
        return Schema.VERSION;
    }

    @Override
    public Optional<PadState> stored(PadId padId, Side side) throws IOException {
        Objects.requireNonNull(padId, "padId");
        Objects.requireNonNull(side, "side");
        return transaction("read the state of pad " + padId + "/" + side.keyword() + " from", connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT)) {
                select.setBytes(1, padId.bytes());
                select.setString(2, side.keyword());
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(stateOf(padId, side, row)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void create(PadState initial) throws IOException {
        Objects.requireNonNull(initial, "initial");
        boolean inserted = transaction("create the state of pad " + initial.padId() + "/" + initial.side().keyword()
                + " in", connection -> insert(connection, initial) == 1);
        if (!inserted) {
            throw new StateExistsException(initial.padId(), initial.side());
        }
    }

    @Override
    public boolean compareAndSet(PadState expected, PadState updated) throws IOException {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(updated, "updated");
        PadStateStore.checkUpdate(expected, updated);
        PadId padId = expected.padId();
        Side side = expected.side();
        boolean fresh = expected.equals(PadState.fresh(padId, side));
        return transaction("update the state of pad " + padId + "/" + side.keyword() + " in", connection -> {
            if (fresh && insert(connection, updated) == 1) {
                return true;
            }
            return update(connection, expected, updated) == 1;
        });
    }

    @Override
    public PadState recordFailures(PadId padId, Side side, long count, Instant at) throws IOException {
        Objects.requireNonNull(padId, "padId");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(at, "at");
        PadStateStore.checkFailureCount(count);
        return transaction("count failures of pad " + padId + "/" + side.keyword() + " in", connection -> {
            try (PreparedStatement update = connection.prepareStatement(COUNT_FAILURES)) {
                update.setLong(1, count);
                setLastUse(update, 2, Optional.of(at));
                update.setBytes(4, padId.bytes());
                update.setString(5, side.keyword());
                try (ResultSet row = update.executeQuery()) {
                    if (!row.next()) {
                        throw MissingStateException.forPad(padId, side);
                    }
                    return stateOf(padId, side, row);
                }
            }
        });
    }

    /** The store's data source, masked: it names the type, never a URL or credentials. */
    /** Every gateway on the database moves its cursors: re-read every {@link #SHARED_REFRESH_INTERVAL}. */
    @Override
    public Optional<Duration> sharedRefreshInterval() {
        return Optional.of(SHARED_REFRESH_INTERVAL);
    }

    @Override
    public String toString() {
        return "JdbcPadStateStore[" + dataSource.getClass().getSimpleName() + "]";
    }

    private static int insert(Connection connection, PadState state) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setBytes(1, state.padId().bytes());
            insert.setString(2, state.side().keyword());
            insert.setLong(3, state.cursor());
            insert.setLong(4, state.failures());
            setLastUse(insert, 5, state.lastUse());
            return insert.executeUpdate();
        }
    }

    private static int update(Connection connection, PadState expected, PadState updated) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
            update.setLong(1, updated.cursor());
            update.setLong(2, updated.failures());
            setLastUse(update, 3, updated.lastUse());
            update.setBytes(5, expected.padId().bytes());
            update.setString(6, expected.side().keyword());
            update.setLong(7, expected.cursor());
            update.setLong(8, expected.failures());
            setLastUse(update, 9, expected.lastUse());
            return update.executeUpdate();
        }
    }

    /** Sets the epoch second and nanosecond parameters at {@code index} and {@code index + 1}. */
    private static void setLastUse(PreparedStatement statement, int index, Optional<Instant> lastUse)
            throws SQLException {
        if (lastUse.isPresent()) {
            statement.setLong(index, lastUse.get().getEpochSecond());
            statement.setInt(index + 1, lastUse.get().getNano());
        } else {
            statement.setNull(index, Types.BIGINT);
            statement.setNull(index + 1, Types.INTEGER);
        }
    }

    /** The state in a row of (cursor, failures, last_use_second, last_use_nano). */
    private static PadState stateOf(PadId padId, Side side, ResultSet row) throws SQLException, IOException {
        long cursor = row.getLong(1);
        long failures = row.getLong(2);
        long second = row.getLong(3);
        boolean neverUsed = row.wasNull();
        int nano = row.getInt(4);
        try {
            Optional<Instant> lastUse = neverUsed ? Optional.empty() : Optional.of(Instant.ofEpochSecond(second, nano));
            return new PadState(padId, side, cursor, failures, lastUse);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new IOException("pad state store holds a broken record for pad " + padId + "/" + side.keyword()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs work in one READ COMMITTED transaction on a fresh connection and commits it; the result
     * is returned only after the commit succeeded.
     */
    private <T> T transaction(String what, Work<T> work) throws IOException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            T result;
            try {
                result = work.run(connection);
                connection.commit();
            } catch (SQLException | IOException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            }
            if (!healthy.getAndSet(true)) {
                LOG.info("pad state database is reachable again");
            }
            return result;
        } catch (SQLException e) {
            String message = "cannot " + what + " the pad state database: " + reason(e)
                    + " (SQL state " + e.getSQLState() + ")";
            if (healthy.getAndSet(false)) {
                LOG.warn("{}; knocks are refused until it answers again", message);
            } else {
                LOG.debug("{}", message);
            }
            throw new IOException(message, e);
        }
    }

    /**
     * What went wrong, in the driver's words too: a pool that gave up waiting for a connection says
     * only that it timed out, and the driver's refusal it met meanwhile (a wrong password, no such
     * database) is its cause.
     */
    private static String reason(SQLException e) {
        String reason = e.getMessage();
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException driver && driver.getMessage() != null
                    && !reason.contains(driver.getMessage())) {
                reason = reason + ": " + driver.getMessage();
            }
        }
        return reason;
    }

    /** Rolls back after a failure; a rollback that fails too is attached to the first failure. */
    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
