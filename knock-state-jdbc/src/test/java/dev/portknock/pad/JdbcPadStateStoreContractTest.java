package dev.portknock.pad;

import dev.portknock.jdbc.JdbcPadStateStore;
import dev.portknock.jdbc.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The PostgreSQL store keeps knock-pad's store contract (extended from knock-pad's test-jar, hence
 * this package), each test on freshly created tables.
 */
@Tag("system")
class JdbcPadStateStoreContractTest extends PadStateStoreContract {
    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    private JdbcPadStateStore store;

    @BeforeEach
    void createTheSchemaFromNothing() throws SQLException, IOException {
        POSTGRES.dropTables();
        store = JdbcPadStateStore.create(POSTGRES.dataSource());
    }

    @Override
    PadStateStore store() {
        if (store == null) {
            throw new UncheckedIOException(new IOException("the store was not created"));
        }
        return store;
    }
}
