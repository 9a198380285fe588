-- Per-organization settings (JSON): event_values (send old/new values in events, default true), event_retention.
ALTER TABLE organizations ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';
