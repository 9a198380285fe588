package io.onefold.store;

import java.util.List;
import java.util.Optional;

/** Background jobs (re-resolutions, identifier migrations) and their progress. */
public interface JobReads {
    Optional<Job> job(String org, String id);

    /** Jobs of every organization with this type and status, oldest first (a node looks for re-resolutions left RUNNING). */
    List<Job> jobs(String type, String status);
}
