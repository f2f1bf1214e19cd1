package dev.portknock.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL server for system tests, from the Debian {@code postgresql} package
 * ({@code /usr/lib/postgresql/<version>/bin}): initdb in a temporary directory, listening on
 * 127.0.0.1 at a free port with password (SCRAM) authentication, a database and an unprivileged
 * owner for the store. As root it runs everything as the {@code postgres} user, since the server
 * refuses root. {@link #stop()} and {@link #start()} work mid-test (same port, same data);
 * {@link #close()} stops the server and deletes the directory.
 *
 * <p>Use it as {@code @RegisterExtension static final PostgresServer POSTGRES = new PostgresServer();}
 * (started before all tests, its pools closed after each test, the server after all) or call
 * {@link #start()} and {@link #close()}. A missing
 * PostgreSQL installation fails: it is a prerequisite of the system profile.
 */
public final class PostgresServer implements BeforeAllCallback, AfterEachCallback, AfterAllCallback, AutoCloseable {
    /** The database the store lives in. */
    public static final String DATABASE = "portknock";
    /** Its owner, the user the store logs in as. */
    public static final String USER = "portknock";

    private static final String SUPERUSER = "postgres";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);

    private final String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    private final String superPassword = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    private Path bin;
    private Path directory;
    private int port;
    private boolean running;
    private final List<HikariDataSource> pools = new ArrayList<>();

    /** A server not started yet. */
    public PostgresServer() {
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        closePools();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }

    /**
     * Starts the server: the first time creates the cluster, the database and its owner; later
     * (after {@link #stop()}) starts the same cluster on the same port again.
     */
    public synchronized void start() throws IOException, InterruptedException {
        if (running) {
            throw new IllegalStateException("postgres is already running");
        }
        if (directory == null) {
            create();
        } else {
            pgCtl("start");
        }
        running = true;
    }

    /** Stops the server (fast shutdown: open transactions are rolled back, clients disconnected). */
    public synchronized void stop() throws IOException, InterruptedException {
        if (!running) {
            throw new IllegalStateException("postgres is not running");
        }
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "fast", "-w", "-t", "60", "stop"));
        running = false;
    }

    /** Stops the server when it runs and deletes its directory. */
    @Override
    public synchronized void close() throws IOException {
        closePools();
        try {
            if (running) {
                stop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping postgres", e);
        } finally {
            if (directory != null) {
                try (Stream<Path> paths = Files.walk(directory)) {
                    for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
                directory = null;
            }
        }
    }

    /** The JDBC URL of the store's database (no credentials in it). */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** The store user's password. */
    public String password() {
        return password;
    }

    /** The store's configuration: the URL, the owner and its password. */
    public JdbcStateConfig config() {
        return JdbcStateConfig.of(url(), USER, password);
    }

    /**
     * A new pool on the store's database from {@link JdbcStateConfig#dataSource()} (each one
     * stands for a separate gateway), closed after the current test (or by {@link #close()}).
     */
    public synchronized DataSource dataSource() {
        HikariDataSource pool = config().dataSource();
        pools.add(pool);
        return pool;
    }

    /** Closes the pools handed out so far. */
    public synchronized void closePools() {
        pools.forEach(HikariDataSource::close);
        pools.clear();
    }

    /** A single unpooled connection to the store's database as its owner. */
    public Connection connect() throws SQLException {
        Properties owner = new Properties();
        owner.setProperty("user", USER);
        owner.setProperty("password", password);
        return DriverManager.getConnection(url(), owner);
    }

    /** Drops the store's tables, so the next {@link JdbcPadStateStore#create} starts from nothing. */
    public void dropTables() throws SQLException {
        execute("DROP TABLE IF EXISTS portknock_pad_state, portknock_schema_version");
    }

    /** Runs one statement in the store's database as its owner. */
    public void execute(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private void create() throws IOException, InterruptedException {
        bin = findBinaries();
        directory = Files.createTempDirectory("portknock-postgres-");
        port = freePort();
        Path passwordFile = directory.resolve("superuser-password");
        Files.writeString(passwordFile, superPassword + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        if (asRoot()) {
            giveToPostgres(directory);
            giveToPostgres(passwordFile);
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", data().toString(), "-U", SUPERUSER,
                "--pwfile=" + passwordFile, "--auth=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync"));
        Files.writeString(data().resolve("postgresql.conf"), String.join("\n",
                "listen_addresses = '127.0.0.1'",
                "port = " + port,
                "unix_socket_directories = '" + directory + "'",
                "max_connections = 200",
                ""), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        pgCtl("start");
        Properties superuser = new Properties();
        superuser.setProperty("user", SUPERUSER);
        superuser.setProperty("password", superPassword);
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres", superuser);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + password + "'");
            statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
        } catch (SQLException e) {
            throw new IOException("cannot create the test database: " + e.getMessage(), e);
        }
    }

    private void pgCtl(String action) throws IOException, InterruptedException {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-l",
                directory.resolve("server.log").toString(), "-w", "-t", "60", action));
    }

    private Path data() {
        return directory.resolve("data");
    }

    /** The binaries of the newest installed PostgreSQL; a missing installation fails. */
    private static Path findBinaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                List<Path> found = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                        .sorted(Comparator.comparingInt(PostgresServer::majorVersion).reversed())
                        .toList();
                if (!found.isEmpty()) {
                    return found.get(0);
                }
            }
        }
        throw new IllegalStateException("postgresql is not installed (no /usr/lib/postgresql/<version>/bin/initdb);"
                + " the system tests need it: apt-get install -y postgresql");
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void giveToPostgres(Path path) throws IOException {
        UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal owner = lookup.lookupPrincipalByName(SUPERUSER);
        GroupPrincipal group = lookup.lookupPrincipalByGroupName(SUPERUSER);
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(owner);
        view.setGroup(group);
    }

    /** Runs a command (as postgres when we are root) and fails with its output when it fails. */
    private void run(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asRoot()) {
            full.addAll(List.of("runuser", "-u", SUPERUSER, "--"));
        }
        full.addAll(command);
        Path output = Files.createTempFile("portknock-postgres-command-", ".log");
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", command));
            }
            if (process.exitValue() != 0) {
                String log = Files.readString(output, StandardCharsets.UTF_8);
                Path serverLog = directory == null ? null : directory.resolve("server.log");
                if (serverLog != null && Files.isReadable(serverLog)) {
                    log += "\n--- server.log ---\n" + Files.readString(serverLog, StandardCharsets.UTF_8);
                }
                throw new IOException("failed (exit " + process.exitValue() + "): " + String.join(" ", command) + "\n" + log);
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
