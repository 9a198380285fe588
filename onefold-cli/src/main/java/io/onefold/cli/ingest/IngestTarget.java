package io.onefold.cli.ingest;

import io.onefold.core.schema.ProfileTemplate;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Where lines go: straight into a data directory ({@link DirectTarget}) or to a running server ({@link ServerTarget}). */
interface IngestTarget extends AutoCloseable {
    /** The active template, to type CSV cells. */
    ProfileTemplate template() throws IOException;

    /** The stored checkpoint of a file's job; {@code rejects} is the file's rejects file (a checkpoint file may sit beside it). */
    Optional<Checkpoint> checkpoint(String jobId, java.nio.file.Path rejects) throws IOException;

    /**
     * Applies one batch and returns a result per line, in order. {@code next} makes the checkpoint of the batch from
     * its results; a target that can store it atomically with the batch does so.
     */
    List<LineAnswer> apply(Batch batch, Function<List<LineAnswer>, Checkpoint> next) throws IOException;

    /** Called after the batch's rejects reached the rejects file: a target that could not store it with the batch does now. */
    void committed(Checkpoint checkpoint, java.nio.file.Path rejects) throws IOException;

    @Override
    void close();
}
