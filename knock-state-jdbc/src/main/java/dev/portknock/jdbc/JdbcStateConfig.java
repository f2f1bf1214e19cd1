package dev.portknock.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the pad state database is and how to log in: a PostgreSQL JDBC URL with the user and
 * password kept out of it, taken from the environment ({@value #USER_VARIABLE},
 * {@value #PASSWORD_VARIABLE}) or from a credentials file of {@code user=} and {@code password=}
 * lines that others may not read. The password is never printed: {@link #toString()} masks it and
 * error messages never quote a URL, a file's content or an environment value.
 *
 * <p>{@link #dataSource()} builds a HikariCP pool tuned to fail fast: an unreachable database
 * makes store operations fail within seconds (the gateway refuses knocks) instead of queueing
 * them, and the pool reconnects by itself when the database returns. A pool and not a connection
 * per operation, because opening a PostgreSQL connection (TCP, SCRAM authentication) costs far more
 * than the compare-and-set it carries: the fleet benchmark measured about 12 accepted knocks/s
 * with a connection per operation against about 300/s pooled. Embedders with a pool of their
 * own give {@link JdbcPadStateStore#create} their data source instead.
 */
public final class JdbcStateConfig {
    /** The environment variable holding the database user. */
    public static final String USER_VARIABLE = "PORTKNOCK_DB_USER";
    /** The environment variable holding the database password. */
    public static final String PASSWORD_VARIABLE = "PORTKNOCK_DB_PASSWORD";
    /** The largest credentials file read, in bytes. */
    public static final int MAX_CREDENTIALS_BYTES = 4096;

    /** Connections per pool: verification is serialized per pad, so a few serve many worker threads. */
    public static final int POOL_SIZE = 4;
    /** How long an operation waits for a pooled connection before it fails (and the knock is refused). */
    public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    /** How long the pool waits for a connection to prove it is alive before handing it out. */
    public static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(1);
    /** How long a statement may wait for the database's answer, unless the URL sets {@code socketTimeout}. */
    public static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(JdbcStateConfig.class);
    private static final AtomicInteger POOLS = new AtomicInteger();
    private static final String PREFIX = "jdbc:postgresql:";
    private static final int MAX_URL_LENGTH = 2048;
    private static final int MAX_USER_BYTES = 63;
    private static final int MAX_PASSWORD_LENGTH = 1024;
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final String url;
    private final String user;
    private final String password;

    private JdbcStateConfig(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /**
     * A configuration from its three parts.
     *
     * @param url a {@code jdbc:postgresql:} URL without {@code user} or {@code password} parameters
     * @param user the database user (1 to 63 bytes, no control characters)
     * @param password the password (1 to 1024 characters, no control characters)
     * @throws IllegalArgumentException when a part is malformed (the message quotes none of them
     *     but the user)
     */
    public static JdbcStateConfig of(String url, String user, String password) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        checkUrl(url);
        if (user.isEmpty()) {
            throw new IllegalArgumentException("database user is empty");
        }
        if (user.getBytes(StandardCharsets.UTF_8).length > MAX_USER_BYTES || hasControl(user)) {
            throw new IllegalArgumentException("database user must be at most 63 bytes without control characters");
        }
        if (password.isEmpty()) {
            throw new IllegalArgumentException("database password is empty");
        }
        if (password.length() > MAX_PASSWORD_LENGTH || hasControl(password)) {
            throw new IllegalArgumentException(
                    "database password must be at most 1024 characters without control characters");
        }
        return new JdbcStateConfig(url, user, password);
    }

    /**
     * A configuration whose credentials come from this process's environment.
     *
     * @throws IllegalArgumentException when the URL is malformed or a variable is missing or bad
     */
    public static JdbcStateConfig fromEnvironment(String url) {
        return fromEnvironment(url, System.getenv());
    }

    /**
     * A configuration whose credentials come from {@value #USER_VARIABLE} and
     * {@value #PASSWORD_VARIABLE} in {@code environment}.
     *
     * @throws IllegalArgumentException when the URL is malformed or a variable is missing or bad
     */
    public static JdbcStateConfig fromEnvironment(String url, Map<String, String> environment) {
        Objects.requireNonNull(environment, "environment");
        return of(url, variable(environment, USER_VARIABLE), variable(environment, PASSWORD_VARIABLE));
    }

    /**
     * A configuration whose credentials come from a file of {@code user=} and {@code password=}
     * lines (blank lines and {@code #} comments allowed, each key once, UTF-8, at most
     * {@value #MAX_CREDENTIALS_BYTES} bytes). Others may have no access to the file; a file the
     * group can read is accepted with a warning.
     *
     * @throws IOException when the file cannot be read, is accessible to others, too large, not
     *     UTF-8, or not made of exactly one user and one password line (the message names the file
     *     and line, never a value)
     * @throws IllegalArgumentException when the URL is malformed
     */
    public static JdbcStateConfig fromFile(String url, Path credentials) throws IOException {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(credentials, "credentials");
        checkUrl(url);
        checkPermissions(credentials);
        long size = Files.size(credentials);
        if (size > MAX_CREDENTIALS_BYTES) {
            throw new IOException("credentials file " + credentials + " is too large: " + size + " bytes, at most "
                    + MAX_CREDENTIALS_BYTES);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(credentials))).toString();
        } catch (CharacterCodingException e) {
            throw new IOException("credentials file " + credentials + " is not UTF-8 text", e);
        }
        String user = null;
        String password = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            String place = "credentials file " + credentials + " line " + (i + 1);
            int equals = line.indexOf('=');
            if (equals < 0) {
                throw new IOException(place + ": expected user=... or password=...");
            }
            String key = line.substring(0, equals).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(equals + 1);
            if (key.equals("user")) {
                user = checkedValue(place, key, user, value);
            } else if (key.equals("password")) {
                password = checkedValue(place, key, password, value);
            } else {
                throw new IOException(place + ": unknown key; expected user or password");
            }
        }
        if (user == null) {
            throw new IOException("credentials file " + credentials + " has no user= line");
        }
        if (password == null) {
            throw new IOException("credentials file " + credentials + " has no password= line");
        }
        try {
            return of(url, user, password);
        } catch (IllegalArgumentException e) {
            throw new IOException("credentials file " + credentials + ": " + e.getMessage(), e);
        }
    }

    /** The JDBC URL (it carries no credentials). */
    public String url() {
        return url;
    }

    /** The database user. */
    public String user() {
        return user;
    }

    /**
     * A new connection pool on the database; the caller closes it when the gateway stops. It holds
     * at most {@value #POOL_SIZE} connections (at least one kept idle), waits at most
     * {@link #CONNECTION_TIMEOUT} for one and validates a connection idle for more than half a
     * second within {@link #VALIDATION_TIMEOUT} before handing it out; the driver gets the same
     * connect time-out and a read time-out of {@link #SOCKET_TIMEOUT} unless the URL sets
     * {@code connectTimeout} or {@code socketTimeout}. Creating the pool does not connect: an
     * unreachable database shows as an {@link java.io.IOException} from the store, and the pool
     * keeps trying in the background, so a gateway started during an outage recovers by itself.
     *
     * <p>The PostgreSQL driver must be on the class or module path. HikariCP logs the pool's
     * settings at debug level with the password masked; the URL carries no credentials by
     * construction, and the pool's {@code toString()} names only the pool.
     */
    public HikariDataSource dataSource() {
        HikariConfig config = new HikariConfig();
        config.setPoolName("portknock-state-" + POOLS.incrementAndGet());
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        config.setValidationTimeout(VALIDATION_TIMEOUT.toMillis());
        config.setInitializationFailTimeout(-1);
        config.setAutoCommit(false);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.addDataSourceProperty("connectTimeout", Long.toString(CONNECTION_TIMEOUT.toSeconds()));
        config.addDataSourceProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT.toSeconds()));
        return new HikariDataSource(config);
    }

    /** The URL and user; the password is masked. */
    @Override
    public String toString() {
        return "JdbcStateConfig[url=" + url + ", user=" + user + ", password=****]";
    }

    private static void checkUrl(String url) {
        if (url.length() > MAX_URL_LENGTH || hasControl(url)) {
            throw new IllegalArgumentException("jdbc url must be at most 2048 characters without control characters");
        }
        if (!url.startsWith(PREFIX)) {
            throw new IllegalArgumentException("jdbc url must start with " + PREFIX);
        }
        int query = url.indexOf('?');
        if (url.substring(0, query < 0 ? url.length() : query).contains("@")) {
            throw new IllegalArgumentException(
                    "jdbc url must not carry credentials; give them in the environment or a credentials file");
        }
        if (query >= 0) {
            for (String parameter : url.substring(query + 1).split("&")) {
                String name = parameter.split("=", 2)[0].strip().toLowerCase(Locale.ROOT);
                if (name.equals("user") || name.equals("password")) {
                    throw new IllegalArgumentException("jdbc url must not carry credentials (parameter " + name
                            + "); give them in the environment or a credentials file");
                }
            }
        }
    }

    private static String variable(Map<String, String> environment, String name) {
        String value = environment.get(name);
        if (value == null) {
            throw new IllegalArgumentException("environment variable " + name + " is not set");
        }
        if (value.isEmpty()) {
            throw new IllegalArgumentException("environment variable " + name + " is empty");
        }
        return value;
    }

    private static String checkedValue(String place, String key, String previous, String value) throws IOException {
        if (previous != null) {
            throw new IOException(place + ": " + key + " is given twice");
        }
        if (value.isEmpty()) {
            throw new IOException(place + ": " + key + " is empty");
        }
        return value;
    }

    private static void checkPermissions(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            LOG.warn("cannot check who may read credentials file {}: the file system has no POSIX permissions", file);
            return;
        }
        Set<PosixFilePermission> permissions = view.readAttributes().permissions();
        if (permissions.stream().anyMatch(OTHERS::contains)) {
            throw new IOException("credentials file " + file + " is accessible to others (mode "
                    + PosixFilePermissions.toString(permissions) + "); run chmod o-rwx on it");
        }
        if (permissions.contains(PosixFilePermission.GROUP_READ)) {
            LOG.warn("credentials file {} is readable by its group", file);
        }
    }

    private static boolean hasControl(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }
}
