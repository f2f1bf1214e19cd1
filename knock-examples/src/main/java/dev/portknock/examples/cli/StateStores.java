package dev.portknock.examples.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.portknock.examples.config.ConfigException;
import dev.portknock.examples.config.PadDoorConfig;
import dev.portknock.examples.config.StateLocation;
import dev.portknock.jdbc.JdbcPadStateStore;
import dev.portknock.jdbc.JdbcStateConfig;
import dev.portknock.pad.MissingStateException;
import dev.portknock.pad.PadStateStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The state stores a configuration's one-time doors name: a state directory each, or a PostgreSQL
 * database shared with other gateways, opened once per URL on one connection pool, with the
 * credentials taken from {@value JdbcStateConfig#USER_VARIABLE} and
 * {@value JdbcStateConfig#PASSWORD_VARIABLE} (never from the file, never printed). Closing closes
 * the pools; close it after the servers that use them.
 */
final class StateStores implements AutoCloseable {
    private final Map<String, String> environment;
    private final Map<String, JdbcPadStateStore> databases = new HashMap<>();
    private final List<HikariDataSource> pools = new ArrayList<>();

    /** Stores reading database credentials from {@code environment}. */
    StateStores(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * The door's state store. A state directory must exist: a server never creates its state.
     *
     * @throws MissingStateException when the state directory does not exist
     * @throws ConfigException naming the door when the state directory or database cannot be used
     */
    PadStateStore open(PadDoorConfig door) throws ConfigException, MissingStateException {
        try {
            if (door.state() instanceof StateLocation.File file) {
                return StateDirectory.existing(file.path());
            }
            String url = ((StateLocation.Jdbc) door.state()).url();
            JdbcPadStateStore store = databases.get(url);
            if (store == null) {
                store = connect(url);
                databases.put(url, store);
            }
            return store;
        } catch (MissingStateException e) {
            throw e;
        } catch (IOException | CommandFailure | IllegalArgumentException e) {
            throw new ConfigException(door.location(), "door " + door.name() + ": state: " + KnockCli.describe(e));
        }
    }

    private JdbcPadStateStore connect(String url) throws IOException {
        HikariDataSource pool = JdbcStateConfig.fromEnvironment(url, environment).dataSource();
        pools.add(pool);
        return JdbcPadStateStore.create(pool);
    }

    @Override
    public void close() {
        pools.forEach(HikariDataSource::close);
        pools.clear();
        databases.clear();
    }
}
