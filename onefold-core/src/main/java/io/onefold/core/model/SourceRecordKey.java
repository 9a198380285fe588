package io.onefold.core.model;

import java.util.Comparator;

/**
 * Identifies a source record. With a {@code source_record_id} (a CRM contact id) the key is
 * {@code (source, source_record_id)}; without one, it is {@code (source, the profile the record was
 * first attached to)} — the {@code anchor} — so a source that keeps no ids still has one record per profile.
 */
public record SourceRecordKey(String source, String sourceRecordId, String anchorProfileId) implements Comparable<SourceRecordKey> {
    private static final Comparator<SourceRecordKey> ORDER = Comparator.comparing(SourceRecordKey::source)
            .thenComparing(SourceRecordKey::sourceRecordId, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(SourceRecordKey::anchorProfileId, Comparator.nullsFirst(Comparator.naturalOrder()));

    public SourceRecordKey {
        if ((sourceRecordId == null) == (anchorProfileId == null))
            throw new IllegalArgumentException("a record key has either a source_record_id or an anchor profile");
    }

    public static SourceRecordKey explicit(String source, String sourceRecordId) {
        return new SourceRecordKey(source, sourceRecordId, null);
    }

    public static SourceRecordKey implicit(String source, String profileId) {
        return new SourceRecordKey(source, null, profileId);
    }

    public boolean isImplicit() {
        return sourceRecordId == null;
    }

    @Override
    public int compareTo(SourceRecordKey o) {
        return ORDER.compare(this, o);
    }
}
