-- portknock pad state on PostgreSQL, schema version 1 (knock-state-jdbc).
--
-- JdbcPadStateStore.create(DataSource) applies this file in one transaction under an advisory
-- lock, so gateways starting together do not race; every statement is idempotent. An operator
-- may also apply it by hand: psql -v ON_ERROR_STOP=1 -1 -f schema-v1.sql
-- Statements end with a semicolon at the end of a line; comments are whole lines.

-- The schema versions applied to this database; the highest one is the schema's version.
CREATE TABLE IF NOT EXISTS portknock_schema_version (
    version    integer     PRIMARY KEY CHECK (version > 0),
    applied_at timestamptz NOT NULL DEFAULT now()
);

-- One row per pad per side, created by the first compare-and-set or failure; no row is a fresh pad.
-- last_use is kept as epoch second and nanosecond because timestamptz holds microseconds only.
CREATE TABLE IF NOT EXISTS portknock_pad_state (
    pad_id          bytea   NOT NULL CHECK (octet_length(pad_id) = 16),
    side            text    NOT NULL CHECK (side IN ('client', 'server')),
    cursor          bigint  NOT NULL CHECK (cursor >= 0),
    failures        bigint  NOT NULL CHECK (failures >= 0),
    last_use_second bigint,
    last_use_nano   integer CHECK (last_use_nano BETWEEN 0 AND 999999999),
    CHECK ((last_use_second IS NULL) = (last_use_nano IS NULL)),
    PRIMARY KEY (pad_id, side)
);

INSERT INTO portknock_schema_version (version) VALUES (1) ON CONFLICT (version) DO NOTHING;
