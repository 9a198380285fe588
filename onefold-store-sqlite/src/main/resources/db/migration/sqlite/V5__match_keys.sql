-- Probabilistic matching. match_keys is the blocking-key index: each record's keys (opaque strings the engine
-- derives from its attributes), replaced whenever the record changes and deleted with it. record_key is encoded as
-- in records ('r:' + source_record_id, or 'a:' + the profile the record first attached to).
CREATE TABLE match_keys (
    org          TEXT NOT NULL,
    match_key    TEXT NOT NULL,
    source       TEXT NOT NULL,
    record_key   TEXT NOT NULL,
    PRIMARY KEY (org, match_key, source, record_key)
) WITHOUT ROWID;
-- a record's keys, for their replacement
CREATE INDEX match_keys_by_record ON match_keys (org, source, record_key);

-- The review queue: links of a kind and state (POSSIBLE_MATCH, ASSERTED) oldest first.
CREATE INDEX links_by_kind ON links (org, kind, state, at, id);

-- A link's time is compared and ordered as text here, so it is written fixed-width (nine fraction digits): then
-- text order is time order. Instant.toString wrote 0, 3, 6 or 9 digits ('...:00Z' sorted after '...:00.5Z').
UPDATE links SET at = CASE
        WHEN instr(at, '.') = 0 THEN substr(at, 1, 19) || '.000000000Z'
        ELSE substr(at, 1, 20) || substr(substr(at, 21, length(at) - 21) || '000000000', 1, 9) || 'Z'
    END
WHERE length(at) <> 30;
