package dev.portknock.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The versioned schema shipped as {@code dev/portknock/jdbc/schema-v1.sql}: applied idempotently,
 * refused when the database already holds a newer version.
 */
final class Schema {
    /** The schema version this module reads and writes. */
    static final int VERSION = 1;
    /** The script that creates it, beside this class. */
    static final String RESOURCE = "schema-v1.sql";
    /** Serializes schema creation across gateways starting together ("portknoc" in ASCII). */
    private static final long ADVISORY_LOCK = 0x706f72746b6e6f63L;

    private Schema() {
    }

    /** The script's statements, in order. */
    static List<String> statements() throws IOException {
        try (InputStream in = Schema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("schema script " + RESOURCE + " is missing from the knock-state-jdbc jar");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /**
     * Splits a script into statements: whole-line {@code --} comments are dropped and a statement
     * ends with a semicolon at the end of a line.
     *
     * @throws IllegalArgumentException when the script ends inside a statement
     */
    static List<String> parse(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder statement = new StringBuilder();
        for (String line : script.split("\n", -1)) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("--")) {
                continue;
            }
            if (statement.length() > 0) {
                statement.append('\n');
            }
            statement.append(text);
            if (text.endsWith(";")) {
                statement.setLength(statement.length() - 1);
                statements.add(statement.toString());
                statement.setLength(0);
            }
        }
        if (statement.length() > 0) {
            throw new IllegalArgumentException("schema script ends inside a statement: " + statement);
        }
        return List.copyOf(statements);
    }

    /**
     * Creates the schema when absent, in the caller's transaction; the caller commits.
     *
     * @throws IOException when the database holds a newer schema version than {@link #VERSION}
     */
    static void apply(Connection connection) throws SQLException, IOException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, ADVISORY_LOCK);
            lock.execute();
        }
        int found = installedVersion(connection);
        if (found > VERSION) {
            throw new IOException("database schema version " + found + " is newer than this knock-state-jdbc supports ("
                    + VERSION + "); upgrade knock-state-jdbc");
        }
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements()) {
                statement.execute(sql);
            }
        }
    }

    /** The highest version recorded, 0 when the version table does not exist yet. */
    static int installedVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet exists = statement.executeQuery("SELECT to_regclass('portknock_schema_version') IS NOT NULL")) {
            exists.next();
            if (!exists.getBoolean(1)) {
                return 0;
            }
        }
        try (Statement statement = connection.createStatement();
                ResultSet max = statement.executeQuery("SELECT coalesce(max(version), 0) FROM portknock_schema_version")) {
            max.next();
            return max.getInt(1);
        }
    }
}
