-- The search index: the golden values of the attributes a template marks searchable, one row per value (a multiple
-- attribute one per element), so that GET /profiles?attribute=value reads a range of the primary key instead of
-- scanning the organization's profiles. value is SearchValues.encode's text: a type letter and the canonical value
-- ('s:Gold', 'n:2.5', 'b:true'), so that numbers compare by value as the golden search compares them. Written by the
-- write pipeline with the golden row (only the values that changed); absorbed and erased profiles leave it; a template
-- activation backfills and drops attributes (ActivationJob).
CREATE TABLE search_values (
    org          TEXT NOT NULL,
    attribute    TEXT NOT NULL,
    value        TEXT NOT NULL,
    profile_id   TEXT NOT NULL,
    PRIMARY KEY (org, attribute, value, profile_id)
) WITHOUT ROWID;
-- a profile's values, for a re-indexing under a new template
CREATE INDEX search_values_by_profile ON search_values (org, profile_id);
