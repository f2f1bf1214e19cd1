/**
 * The pad state store on PostgreSQL: one cursor and failure counter per pad per side, shared by a
 * fleet of gateways through compare-and-set transactions, so that a knock is accepted at most once
 * between them. The store speaks {@code java.sql} only; the PostgreSQL driver is needed at run time.
 * {@link dev.portknock.jdbc.JdbcStateConfig} builds a HikariCP pool, which is why that module is
 * required transitively: the pool is the type the caller closes.
 */
module dev.portknock.jdbc {
    requires transitive dev.portknock.pad;
    requires transitive java.sql;
    requires transitive com.zaxxer.hikari;
    requires org.slf4j;

    exports dev.portknock.jdbc;
}
