package io.onefold.cli.ingest;

import io.onefold.core.schema.ProfileTemplate;
import io.onefold.service.BulkLoader;
import io.onefold.service.ProfileService;
import io.onefold.store.Job;
import io.onefold.store.ProfileStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Straight into a store (the data directory of the embedded store), through {@link BulkLoader}: the same engine and
 * validation as the server. The checkpoint is a job row ({@code GET /jobs/ingest-...} shows it) written in the
 * batch's own transaction. The store must not be served at the same time: SQLite lets one writer in.
 */
final class DirectTarget implements IngestTarget {
    private final ProfileStore store;
    private final ProfileService service;
    private final BulkLoader loader;
    private final String org;

    DirectTarget(ProfileStore store, ProfileService service, String org) {
        this.store = store;
        this.service = service;
        this.org = org;
        this.loader = service.bulkLoader(org);
    }

    BulkLoader loader() {
        return loader;
    }

    @Override
    public ProfileTemplate template() {
        return loader.template();
    }

    @Override
    public Optional<Checkpoint> checkpoint(String jobId, java.nio.file.Path rejects) {
        return loader.checkpoint(jobId).map(j -> Checkpoint.fromJson(jobId, j.result()));
    }

    @Override
    public List<LineAnswer> apply(Batch batch, Function<List<LineAnswer>, Checkpoint> next) {
        Instant now = Instant.now();
        return LineAnswer.of(loader.load(batch.prepared(), results -> {
            Checkpoint c = next.apply(LineAnswer.of(results));
            return new Job(c.jobId(), org, "ingest", c.finished() ? "SUCCEEDED" : "RUNNING", c.size(), c.offset(), c.toJson(), now, now);
        }));
    }

    @Override
    public void committed(Checkpoint checkpoint, java.nio.file.Path rejects) {
        // stored with the batch
    }

    @Override
    public void close() {
        service.close();
        store.close();
    }
}
