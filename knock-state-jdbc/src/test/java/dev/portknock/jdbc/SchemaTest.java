package dev.portknock.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schema script shipped in the jar and how it is split into statements. */
class SchemaTest {
    @Test
    void theScriptShipsBesideTheStore() throws IOException {
        try (InputStream in = JdbcPadStateStore.class.getResourceAsStream("/dev/portknock/jdbc/schema-v1.sql")) {
            assertNotNull(in);
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(text.startsWith("-- portknock pad state on PostgreSQL, schema version 1 (knock-state-jdbc)."));
        }
    }

    @Test
    void theStoreUsesSchemaVersionOne() {
        assertEquals(1, JdbcPadStateStore.schemaVersion());
    }

    @Test
    void theScriptCreatesBothTablesIdempotentlyAndRecordsItsVersion() throws IOException {
        List<String> statements = Schema.statements();

        assertEquals(3, statements.size());
        assertTrue(statements.get(0).startsWith("CREATE TABLE IF NOT EXISTS portknock_schema_version ("));
        assertTrue(statements.get(1).startsWith("CREATE TABLE IF NOT EXISTS portknock_pad_state ("));
        assertEquals("INSERT INTO portknock_schema_version (version) VALUES (1) ON CONFLICT (version) DO NOTHING",
                statements.get(2));
    }

    @Test
    void commentsAndBlankLinesAreDropped() {
        assertEquals(List.of("SELECT 1", "SELECT\n2"), Schema.parse("-- one\nSELECT 1;\n\n  -- two\nSELECT\n  2;\n"));
    }

    @Test
    void aScriptEndingInsideAStatementIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Schema.parse("SELECT 1;\nSELECT"));
        assertEquals("schema script ends inside a statement: SELECT", e.getMessage());
    }
}
