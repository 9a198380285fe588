-- Onefold's embedded store. Three layers: records (as received), identity (profiles as nodes, identifier
-- entries, links), golden profiles (derived, kept on the profile row for readers). Ordered text keys
-- (UUIDv7 profile ids) keep B-tree inserts at the right edge.

CREATE TABLE organizations (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL
) WITHOUT ROWID;

-- API clients (OAuth 2.0 client credentials); used by the REST API.
CREATE TABLE clients (
    org           TEXT NOT NULL,
    client_id     TEXT NOT NULL,
    secret_hash   TEXT NOT NULL,
    permissions   TEXT NOT NULL,
    sources       TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (client_id)
) WITHOUT ROWID;

-- Versioned templates and rule sets; the body is the client's JSON verbatim.
CREATE TABLE configs (
    org         TEXT NOT NULL,
    kind        TEXT NOT NULL,          -- TEMPLATE | RULES
    name        TEXT NOT NULL,
    version     INTEGER NOT NULL,
    body        TEXT NOT NULL,
    active      INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (org, kind, name, version)
) WITHOUT ROWID;

-- One row per profile id ever issued. ACTIVE rows carry the golden record and the cluster's identifiers
-- (what readers see, in one row); ABSORBED rows point at their survivor; ERASED rows are PII-free tombstones.
CREATE TABLE profiles (
    org          TEXT NOT NULL,
    id           TEXT NOT NULL,
    status       TEXT NOT NULL,          -- ACTIVE | ABSORBED | ERASED
    survivor_id  TEXT,
    absorbed     TEXT NOT NULL DEFAULT '[]',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    version      INTEGER NOT NULL,
    identity     TEXT,                   -- {"current": {...}, "aliases": {...}} of the cluster, ACTIVE only
    golden       TEXT,                   -- golden attributes, ACTIVE only
    PRIMARY KEY (org, id)
) WITHOUT ROWID;

-- Linking identifier values and aliases: a value belongs to at most one profile of an organization.
-- The primary key IS the guarantee (never a read-then-write in application code).
CREATE TABLE identifiers (
    org         TEXT NOT NULL,
    attribute   TEXT NOT NULL,
    value       TEXT NOT NULL,
    profile_id  TEXT NOT NULL,
    kind        TEXT NOT NULL,           -- CURRENT | ALIAS
    PRIMARY KEY (org, attribute, value)
) WITHOUT ROWID;
CREATE INDEX identifiers_by_profile ON identifiers (org, profile_id);

-- Non-linking values (a household phone): stored per profile, never unique.
CREATE TABLE shared_identifiers (
    org         TEXT NOT NULL,
    attribute   TEXT NOT NULL,
    value       TEXT NOT NULL,
    profile_id  TEXT NOT NULL,
    PRIMARY KEY (org, attribute, value, profile_id)
) WITHOUT ROWID;
CREATE INDEX shared_identifiers_by_profile ON shared_identifiers (org, profile_id);

-- Source records: per attribute, the record's latest contribution. record_key is 'r:' + source_record_id,
-- or 'a:' + the profile the record first attached to.
CREATE TABLE records (
    org          TEXT NOT NULL,
    source       TEXT NOT NULL,
    record_key   TEXT NOT NULL,
    profile_id   TEXT NOT NULL,
    body         TEXT NOT NULL,
    PRIMARY KEY (org, source, record_key)
) WITHOUT ROWID;
CREATE INDEX records_by_profile ON records (org, profile_id);

-- Identity links: retracted, never deleted. Evidence names attributes, never values.
CREATE TABLE links (
    org        TEXT NOT NULL,
    id         TEXT NOT NULL,
    from_id    TEXT NOT NULL,
    to_id      TEXT NOT NULL,
    kind       TEXT NOT NULL,            -- SAME | DIFFERENT
    origin     TEXT NOT NULL,            -- AUTOMATIC | MANUAL
    state      TEXT NOT NULL,            -- ASSERTED | RETRACTED
    evidence   TEXT NOT NULL,
    at         TEXT NOT NULL,
    demoted    TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (org, id)
) WITHOUT ROWID;
CREATE INDEX links_from ON links (org, from_id);
CREATE INDEX links_to ON links (org, to_id);

-- History and outbox in one append-only table, written in the change's own transaction.
-- position is the stream position: with a single writer, commit order is position order.
CREATE TABLE changes (
    position    INTEGER PRIMARY KEY AUTOINCREMENT,
    org         TEXT NOT NULL,
    profile_id  TEXT NOT NULL,
    type        TEXT NOT NULL,
    at          TEXT NOT NULL,
    payload     TEXT NOT NULL
);
CREATE INDEX changes_by_profile ON changes (org, profile_id, position);
CREATE INDEX changes_by_org ON changes (org, position);

CREATE TABLE idempotency (
    org           TEXT NOT NULL,
    key           TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    status        INTEGER NOT NULL,
    response      TEXT NOT NULL,
    profile_id    TEXT,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (org, key)
) WITHOUT ROWID;
CREATE INDEX idempotency_by_profile ON idempotency (org, profile_id);

CREATE TABLE jobs (
    org         TEXT NOT NULL,
    id          TEXT NOT NULL,
    type        TEXT NOT NULL,
    status      TEXT NOT NULL,
    total       INTEGER NOT NULL,
    done        INTEGER NOT NULL,
    result      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (org, id)
) WITHOUT ROWID;
