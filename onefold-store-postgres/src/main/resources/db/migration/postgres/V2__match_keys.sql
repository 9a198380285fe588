-- Probabilistic matching. match_keys is the blocking-key index: each record's keys (opaque strings the engine
-- derives from its attributes), replaced whenever the record changes and deleted with it. record_key is encoded as
-- in records ('r:' + source_record_id, or 'a:' + the profile the record first attached to).
CREATE TABLE match_keys (
    org          text NOT NULL,
    match_key    text NOT NULL,
    source       text NOT NULL,
    record_key   text NOT NULL,
    PRIMARY KEY (org, match_key, source, record_key)
);
-- a record's keys, for their replacement
CREATE INDEX match_keys_by_record ON match_keys (org, source, record_key);

-- The review queue: links of a kind and state (POSSIBLE_MATCH, ASSERTED) oldest first.
CREATE INDEX links_by_kind ON links (org, kind, state, at, id);
