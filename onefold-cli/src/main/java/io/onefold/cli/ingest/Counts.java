package io.onefold.cli.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.json.Json;

/** What happened to the lines of a file: per outcome, conflicts (409) and other rejections. Mutable, one owner. */
final class Counts {
    long created;
    long updated;
    long merged;
    long unchanged;
    long conflicts;
    long rejected;

    void add(LineAnswer r) {
        if (r.ok()) {
            switch (r.outcome()) {
                case "created" -> created++;
                case "merged" -> merged++;
                case "unchanged" -> unchanged++;
                default -> updated++;
            }
        } else if (r.rejected().status() == 409) conflicts++;
        else rejected++;
    }

    void add(Counts other) {
        created += other.created;
        updated += other.updated;
        merged += other.merged;
        unchanged += other.unchanged;
        conflicts += other.conflicts;
        rejected += other.rejected;
    }

    long lines() {
        return created + updated + merged + unchanged + conflicts + rejected;
    }

    Counts copy() {
        Counts c = new Counts();
        c.add(this);
        return c;
    }

    ObjectNode toJson() {
        return Json.object().put("created", created).put("updated", updated).put("merged", merged).put("unchanged", unchanged)
                .put("conflicts", conflicts).put("rejected", rejected);
    }

    static Counts fromJson(JsonNode o) {
        Counts c = new Counts();
        c.created = o.path("created").asLong();
        c.updated = o.path("updated").asLong();
        c.merged = o.path("merged").asLong();
        c.unchanged = o.path("unchanged").asLong();
        c.conflicts = o.path("conflicts").asLong();
        c.rejected = o.path("rejected").asLong();
        return c;
    }

    @Override
    public String toString() {
        return String.format("created %,d, updated %,d, merged %,d, unchanged %,d, conflicts %,d, rejected %,d",
                created, updated, merged, unchanged, conflicts, rejected);
    }
}
