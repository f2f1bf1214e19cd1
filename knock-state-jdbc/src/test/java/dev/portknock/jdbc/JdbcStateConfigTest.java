package dev.portknock.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the database is and how to log in: URL checks, environment, credentials files, masking. */
class JdbcStateConfigTest {
    static final String URL = "jdbc:postgresql://127.0.0.1:5432/portknock";
    static final String SECRET = "s3cr3t-pa55";

    @TempDir
    Path dir;

    Path credentials(String text) throws IOException {
        return credentials(text.getBytes(StandardCharsets.UTF_8), "rw-------");
    }

    Path credentials(byte[] content, String mode) throws IOException {
        Path file = dir.resolve("db-credentials");
        Files.write(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void credentialsComeFromTheEnvironment() {
        JdbcStateConfig config = JdbcStateConfig.fromEnvironment(URL,
                Map.of("PORTKNOCK_DB_USER", "gateway", "PORTKNOCK_DB_PASSWORD", SECRET));

        assertEquals(URL, config.url());
        assertEquals("gateway", config.user());
    }

    @Test
    void aMissingUserVariableIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JdbcStateConfig.fromEnvironment(URL, Map.of("PORTKNOCK_DB_PASSWORD", SECRET)));
        assertEquals("environment variable PORTKNOCK_DB_USER is not set", e.getMessage());
    }

    @Test
    void anEmptyPasswordVariableIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JdbcStateConfig.fromEnvironment(
                URL, Map.of("PORTKNOCK_DB_USER", "gateway", "PORTKNOCK_DB_PASSWORD", "")));
        assertEquals("environment variable PORTKNOCK_DB_PASSWORD is empty", e.getMessage());
    }

    @Test
    void toStringMasksThePassword() {
        JdbcStateConfig config = JdbcStateConfig.of(URL, "gateway", SECRET);

        assertEquals("JdbcStateConfig[url=" + URL + ", user=gateway, password=****]", config.toString());
    }

    @Test
    void thePoolNamesNoCredentials() {
        try (HikariDataSource pool = JdbcStateConfig.of(URL, "gateway", SECRET).dataSource()) {
            String text = pool.toString();

            assertFalse(text.contains(SECRET), text);
            assertTrue(text.contains("portknock-state-"), text);
        }
    }

    @Test
    void thePoolFailsFastAndDoesNotConnectWhenCreated() {
        try (HikariDataSource pool = JdbcStateConfig.of(URL, "gateway", SECRET).dataSource()) {
            assertEquals(4, pool.getMaximumPoolSize());
            assertEquals(1, pool.getMinimumIdle());
            assertEquals(2000, pool.getConnectionTimeout());
            assertEquals(1000, pool.getValidationTimeout());
            assertEquals(-1, pool.getInitializationFailTimeout());
            assertEquals("2", pool.getDataSourceProperties().getProperty("connectTimeout"));
            assertEquals("10", pool.getDataSourceProperties().getProperty("socketTimeout"));
        }
    }

    @Test
    void aUrlForAnotherDatabaseIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JdbcStateConfig.of("jdbc:mysql://127.0.0.1/portknock", "gateway", SECRET));
        assertEquals("jdbc url must start with jdbc:postgresql:", e.getMessage());
    }

    @Test
    void aPasswordInTheUrlIsRefusedWithoutQuotingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JdbcStateConfig.of(URL + "?ssl=true&Password=" + SECRET, "gateway", SECRET));
        assertEquals("jdbc url must not carry credentials (parameter password); give them in the environment"
                + " or a credentials file", e.getMessage());
    }

    @Test
    void aUserInTheUrlIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JdbcStateConfig.of(URL + "?user=gateway", "gateway", SECRET));
        assertEquals("jdbc url must not carry credentials (parameter user); give them in the environment"
                + " or a credentials file", e.getMessage());
    }

    @Test
    void userInfoInTheUrlIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JdbcStateConfig.of("jdbc:postgresql://gateway:" + SECRET + "@127.0.0.1/portknock", "gateway", SECRET));
        assertEquals("jdbc url must not carry credentials; give them in the environment or a credentials file",
                e.getMessage());
    }

    @Test
    void aUserLongerThanPostgresAllowsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JdbcStateConfig.of(URL, "u".repeat(64), SECRET));
        assertEquals("database user must be at most 63 bytes without control characters", e.getMessage());
    }

    @Test
    void credentialsComeFromAFileOfUserAndPasswordLines() throws IOException {
        Path file = credentials("# the gateway's login\nuser=gateway\r\n\npassword=" + SECRET + "\n");

        JdbcStateConfig config = JdbcStateConfig.fromFile(URL, file);

        assertEquals("gateway", config.user());
        assertEquals("JdbcStateConfig[url=" + URL + ", user=gateway, password=****]", config.toString());
    }

    @Test
    void aPasswordMayHoldEqualsSignsAndSpaces() throws IOException {
        Path file = credentials("user=gateway\npassword= a=b c \n");

        assertEquals("gateway", JdbcStateConfig.fromFile(URL, file).user());
    }

    @Test
    void aFileOthersMayReadIsRefused() throws IOException {
        Path file = credentials(("user=gateway\npassword=" + SECRET + "\n").getBytes(StandardCharsets.UTF_8), "rw-r--r--");

        IOException e = assertThrows(IOException.class, () -> JdbcStateConfig.fromFile(URL, file));
        assertEquals("credentials file " + file + " is accessible to others (mode rw-r--r--); run chmod o-rwx on it",
                e.getMessage());
    }

    @Test
    void aFileTheGroupMayReadIsAccepted() throws IOException {
        Path file = credentials(("user=gateway\npassword=" + SECRET + "\n").getBytes(StandardCharsets.UTF_8), "rw-r-----");

        assertEquals("gateway", JdbcStateConfig.fromFile(URL, file).user());
    }

    @Test
    void aTruncatedFileWithoutPasswordIsRefused() throws IOException {
        Path file = credentials("user=gateway\npass");

        IOException e = assertThrows(IOException.class, () -> JdbcStateConfig.fromFile(URL, file));
        assertEquals("credentials file " + file + " line 2: expected user=... or password=...", e.getMessage());
    }

    @Test
    void aFileWithoutAPasswordLineIsRefused() throws IOException {
        Path file = credentials("user=gateway\n");

        IOException e = assertThrows(IOException.class, () -> JdbcStateConfig.fromFile(URL, file));
        assertEquals("credentials file " + file + " has no password= line", e.getMessage());
    }

    @Test
    void aFileWithoutAUserLineIsRefused() throws IOException {
        Path file = credentials("password=" + SECRET + "\n");

        IOException e = assertThrows(IOException.class, () -> JdbcStateConfig.fromFile(URL, file));
        assertEquals("credentials file " + file + " has no user= line", e.getMessage());
    }

    @Test
    void anEmptyFileIsRefused() throws IOException {
        Path file = credentials("");

        IOException e = assertThrows(IOException.class, () -> JdbcStateConfig.fromFile(URL, file));
        assertEquals("credentials file " + file + " has no user= line", e.getMessage());
    }

    @Test
    void aKeyGivenTwiceIsRefusedWithoutQuotingAValue() throws IOException {
        Path file = credentials("user=gateway\npassword=" + SECRET + "\npassword=other\n");

        IOException e = assertThrows(IOException.class, () -> JdbcStateConfig.fromFile(URL, file));
        assertEquals("credentials file " + file + " line 3: password is given twice", e.getMessage());
    }

    @Test
    void anEmptyValueIsRefused() throws IOException {
        Path file = credentials("user=gateway\npassword=\n");

        IOException e = assertThrows(IOException.class, () -> JdbcStateConfig.fromFile(URL, file));
        assertEquals("credentials file " + file + " line 2: password is empty", e.getMessage());
    }

    @Test
    void anUnknownKeyIsRefused() throws IOException {
        Path file = credentials("user=gateway\nhost=" + SECRET + "\n");

        IOException e = assertThrows(IOException.class, () -> JdbcStateConfig.fromFile(URL, file));
        assertEquals("credentials file " + file + " line 2: unknown key; expected user or password", e.getMessage());
    }

    @Test
    void anOversizedFileIsRefusedUnread() throws IOException {
        Path file = credentials("user=gateway\npassword=" + "x".repeat(5000) + "\n");

        IOException e = assertThrows(IOException.class, () -> JdbcStateConfig.fromFile(URL, file));
        assertEquals("credentials file " + file + " is too large: 5023 bytes, at most 4096", e.getMessage());
    }

    @Test
    void aGarbageFileIsRefusedAsNotText() throws IOException {
        Path file = credentials(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0xc3}, "rw-------");

        IOException e = assertThrows(IOException.class, () -> JdbcStateConfig.fromFile(URL, file));
        assertEquals("credentials file " + file + " is not UTF-8 text", e.getMessage());
    }

    @Test
    void aPasswordWithControlCharactersIsRefusedWithoutQuotingIt() throws IOException {
        Path file = credentials("user=gateway\npassword=" + SECRET + "\u0007\n");

        IOException e = assertThrows(IOException.class, () -> JdbcStateConfig.fromFile(URL, file));
        assertEquals("credentials file " + file
                + ": database password must be at most 1024 characters without control characters", e.getMessage());
    }

    @Test
    void aMissingFileIsAnIoError() {
        Path file = dir.resolve("absent");

        assertThrows(java.nio.file.NoSuchFileException.class, () -> JdbcStateConfig.fromFile(URL, file));
    }
}
