package dev.portknock.examples.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.portknock.examples.config.StateLocation;
import dev.portknock.jdbc.JdbcPadStateStore;
import dev.portknock.jdbc.JdbcStateConfig;
import dev.portknock.pad.FilePadStateStore;
import dev.portknock.pad.PadStateStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code --pad} and {@code --state} options of the commands that create or move a pad's state. */
final class PadStateOptions {
    @Option(names = "--pad", required = true, paramLabel = "PAD", description = "The pad file.")
    Path padFile;

    @Option(names = "--state", required = true, paramLabel = "STATE",
            description = StateDirectory.HELP + " Created (0700) when missing. A server's state may also be the "
                    + "jdbc:postgresql: URL of a fleet's database (credentials from the environment variables "
                    + JdbcStateConfig.USER_VARIABLE + " and " + JdbcStateConfig.PASSWORD_VARIABLE + ").")
    String state;

    /** A store opened for one command, with what names it for the operator; closing it closes a database's pool. */
    record OpenedState(PadStateStore store, String where, Optional<HikariDataSource> pool) implements AutoCloseable {
        @Override
        public void close() {
            pool.ifPresent(HikariDataSource::close);
        }
    }

    /** Whether {@code --state} names a database rather than a directory. */
    boolean isDatabase() {
        return state.startsWith(StateLocation.Jdbc.PREFIX);
    }

    /**
     * The state directory {@code --state} names.
     *
     * @throws CommandFailure when it names a database: a client's state is always a directory
     */
    Path directory() {
        if (isDatabase()) {
            throw new CommandFailure("--state must name a directory here: a client's state is never a database");
        }
        return Path.of(state);
    }

    /**
     * The store {@code --state} names: a state directory (created when missing), or a fleet's
     * PostgreSQL database, with credentials from {@code environment}.
     *
     * @throws IOException when the directory or the database cannot be used
     */
    OpenedState open(Map<String, String> environment) throws IOException {
        return open(state, "--state", environment);
    }

    /**
     * The store {@code state} names: a state directory (created 0700 when missing), or a fleet's
     * PostgreSQL database, with credentials from {@code environment}.
     *
     * @param what names where {@code state} came from in messages (an option, a door)
     * @throws IOException when the directory or the database cannot be used
     */
    static OpenedState open(String state, String what, Map<String, String> environment) throws IOException {
        if (!state.startsWith(StateLocation.Jdbc.PREFIX)) {
            FilePadStateStore store = StateDirectory.open(Path.of(state));
            return new OpenedState(store, store.directory().toString(), Optional.empty());
        }
        JdbcStateConfig config;
        try {
            config = JdbcStateConfig.fromEnvironment(new StateLocation.Jdbc(state).url(), environment);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(what + ": " + e.getMessage());
        }
        HikariDataSource pool = config.dataSource();
        // the URL without its query, so that parameters never reach the output
        int query = state.indexOf('?');
        String where = "the database " + (query < 0 ? state : state.substring(0, query));
        try {
            return new OpenedState(JdbcPadStateStore.create(pool), where, Optional.of(pool));
        } catch (IOException e) {
            pool.close();
            throw new IOException(what + " (" + where + "): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }
}
