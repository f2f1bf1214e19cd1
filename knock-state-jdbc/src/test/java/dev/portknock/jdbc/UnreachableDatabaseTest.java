package dev.portknock.jdbc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** With nothing listening on the database's loopback port, the store fails closed with an I/O error. */
class UnreachableDatabaseTest {
    static final String SECRET = "never-print-me";

    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    @Test
    void creatingTheStoreFailsWithAnIoErrorThatNamesNoCredentials() throws IOException {
        JdbcStateConfig config = JdbcStateConfig.of("jdbc:postgresql://127.0.0.1:" + closedPort() + "/portknock",
                "gateway", SECRET);

        IOException e;
        try (HikariDataSource pool = config.dataSource()) {
            e = assertThrows(IOException.class, () -> JdbcPadStateStore.create(pool));
        }

        assertTrue(e.getMessage().startsWith("cannot create the schema in the pad state database: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("(SQL state 08001)"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertTrue(e.getCause() instanceof SQLException, String.valueOf(e.getCause()));
    }
}
