-- OAuth clients gain a network allow-list; signing keys are persisted so tokens survive a restart and
-- keys can rotate without invalidating live tokens.
ALTER TABLE clients ADD COLUMN cidrs TEXT NOT NULL DEFAULT '[]';
CREATE INDEX clients_by_org ON clients (org);

CREATE TABLE signing_keys (
    kid         TEXT PRIMARY KEY,
    secret      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    retire_at   TEXT
) WITHOUT ROWID;
