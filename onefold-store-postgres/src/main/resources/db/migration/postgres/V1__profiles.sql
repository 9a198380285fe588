-- Onefold on PostgreSQL: the same three layers as the embedded store (records, identity, golden profiles),
-- shared by any number of stateless nodes. Times are timestamptz; settings are jsonb. Golden records, record
-- bodies, configurations and event payloads stay the canonical JSON text the engine wrote: jsonb would
-- re-normalize numbers and key order, and the engine compares canonical bytes.

CREATE TABLE organizations (
    id          text PRIMARY KEY,
    name        text NOT NULL,
    created_at  timestamptz NOT NULL,
    settings    jsonb NOT NULL DEFAULT '{}'
);

-- Bumped by every configuration or settings change, under an exclusive advisory lock; each write batch reads
-- it under the shared lock, so a node never writes with a configuration another node has replaced.
CREATE TABLE configuration_epoch (
    id     integer PRIMARY KEY CHECK (id = 1),
    epoch  bigint NOT NULL
);
INSERT INTO configuration_epoch VALUES (1, 0);

CREATE TABLE clients (
    client_id    text PRIMARY KEY,
    org          text NOT NULL,
    secret_hash  text NOT NULL,
    permissions  text NOT NULL,
    sources      text NOT NULL,
    cidrs        text NOT NULL DEFAULT '[]',
    created_at   timestamptz NOT NULL
);
CREATE INDEX clients_by_org ON clients (org);

CREATE TABLE signing_keys (
    kid         text PRIMARY KEY,
    secret      text NOT NULL,
    created_at  timestamptz NOT NULL,
    retire_at   timestamptz
);

CREATE TABLE configs (
    org         text NOT NULL,
    kind        text NOT NULL,          -- TEMPLATE | RULES
    name        text NOT NULL,
    version     integer NOT NULL,
    body        text NOT NULL,
    active      boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (org, kind, name, version)
);
-- at most one active configuration of each kind per organization, whichever node activates
CREATE UNIQUE INDEX configs_one_active ON configs (org, kind) WHERE active;

CREATE TABLE profiles (
    org          text NOT NULL,
    id           text NOT NULL,
    status       text NOT NULL,          -- ACTIVE | ABSORBED | ERASED
    survivor_id  text,
    absorbed     text[] NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    version      bigint NOT NULL,
    identity     text,
    golden       text,
    PRIMARY KEY (org, id)
);
CREATE INDEX profiles_active ON profiles (org, id) WHERE status = 'ACTIVE';

-- A linking value belongs to at most one profile of an organization: the primary key is the guarantee.
CREATE TABLE identifiers (
    org         text NOT NULL,
    attribute   text NOT NULL,
    value       text NOT NULL,
    profile_id  text NOT NULL,
    kind        text NOT NULL,           -- CURRENT | ALIAS
    PRIMARY KEY (org, attribute, value)
);
CREATE INDEX identifiers_by_profile ON identifiers (org, profile_id);

CREATE TABLE shared_identifiers (
    org         text NOT NULL,
    attribute   text NOT NULL,
    value       text NOT NULL,
    profile_id  text NOT NULL,
    PRIMARY KEY (org, attribute, value, profile_id)
);
CREATE INDEX shared_identifiers_by_profile ON shared_identifiers (org, profile_id);

CREATE TABLE records (
    org          text NOT NULL,
    source       text NOT NULL,
    record_key   text NOT NULL,
    profile_id   text NOT NULL,
    body         text NOT NULL,
    PRIMARY KEY (org, source, record_key)
);
CREATE INDEX records_by_profile ON records (org, profile_id);

CREATE TABLE links (
    org        text NOT NULL,
    id         text NOT NULL,
    from_id    text NOT NULL,
    to_id      text NOT NULL,
    kind       text NOT NULL,
    origin     text NOT NULL,
    state      text NOT NULL,
    evidence   text NOT NULL,
    at         timestamptz NOT NULL,
    demoted    text NOT NULL DEFAULT '[]',
    PRIMARY KEY (org, id)
);
CREATE INDEX links_from ON links (org, from_id);
CREATE INDEX links_to ON links (org, to_id);

-- History and outbox. Positions come from a sequence but are drawn only at commit, under a per-organization
-- advisory lock held until the commit is visible: position order is commit order, so a reader that sees a
-- position has seen every smaller one (see PostgresWriteSession).
CREATE SEQUENCE change_positions;
CREATE TABLE changes (
    position    bigint PRIMARY KEY,
    org         text NOT NULL,
    profile_id  text NOT NULL,
    type        text NOT NULL,
    at          timestamptz NOT NULL,
    payload     text NOT NULL
);
CREATE INDEX changes_by_profile ON changes (org, profile_id, position);
CREATE INDEX changes_by_org ON changes (org, position);
CREATE INDEX changes_by_time ON changes (org, at);

CREATE TABLE idempotency (
    org           text NOT NULL,
    key           text NOT NULL,
    request_hash  text NOT NULL,
    status        integer NOT NULL,
    response      text NOT NULL,
    profile_id    text,
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (org, key)
);
CREATE INDEX idempotency_by_profile ON idempotency (org, profile_id);

CREATE TABLE jobs (
    org         text NOT NULL,
    id          text NOT NULL,
    type        text NOT NULL,
    status      text NOT NULL,
    total       bigint NOT NULL,
    done        bigint NOT NULL,
    result      text NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (org, id)
);

CREATE TABLE webhooks (
    org              text NOT NULL,
    id               text NOT NULL,
    url              text NOT NULL,
    types            text NOT NULL,
    secret           text NOT NULL,
    status           text NOT NULL,
    cursor           bigint NOT NULL,
    failures         integer NOT NULL DEFAULT 0,
    recent_failures  text NOT NULL DEFAULT '[]',
    created_at       timestamptz NOT NULL,
    PRIMARY KEY (org, id)
);
