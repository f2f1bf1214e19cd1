package dev.portknock.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that opens a new connection through {@link DriverManager} on every call: no pool,
 * so no broken connection is ever reused. Time-outs default to {@value #CONNECT_TIMEOUT_SECONDS} s
 * to connect and {@value #SOCKET_TIMEOUT_SECONDS} s per read, so an unreachable or hung database
 * makes store operations fail (closed) instead of hanging; parameters in the URL take precedence.
 */
final class DriverManagerDataSource implements DataSource {
    static final int CONNECT_TIMEOUT_SECONDS = 5;
    static final int SOCKET_TIMEOUT_SECONDS = 10;

    private final String url;
    private final String user;
    private final String password;
    private volatile int loginTimeoutSeconds;
    private volatile PrintWriter logWriter;

    DriverManagerDataSource(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(user, password);
    }

    @Override
    public Connection getConnection(String username, String secret) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", username);
        properties.setProperty("password", secret);
        properties.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        properties.setProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
        if (loginTimeoutSeconds > 0) {
            properties.setProperty("loginTimeout", Integer.toString(loginTimeoutSeconds));
        }
        return DriverManager.getConnection(url, properties);
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        loginTimeoutSeconds = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("this data source does not log through java.util.logging");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper for " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }

    /** The URL and user; the password is masked. */
    @Override
    public String toString() {
        return "DriverManagerDataSource[url=" + url + ", user=" + user + ", password=****]";
    }
}
