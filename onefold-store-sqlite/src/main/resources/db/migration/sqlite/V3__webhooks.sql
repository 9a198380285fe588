-- Webhook subscriptions. Each keeps its own delivery cursor (a stream position) and its recent failures.
CREATE TABLE webhooks (
    org              TEXT NOT NULL,
    id               TEXT NOT NULL,
    url              TEXT NOT NULL,
    types            TEXT NOT NULL,          -- JSON array; empty = every type
    secret           TEXT NOT NULL,
    status           TEXT NOT NULL,          -- ACTIVE | SUSPENDED
    cursor           INTEGER NOT NULL,       -- last delivered stream position
    failures         INTEGER NOT NULL DEFAULT 0,
    recent_failures  TEXT NOT NULL DEFAULT '[]',
    created_at       TEXT NOT NULL,
    PRIMARY KEY (org, id)
) WITHOUT ROWID;
