package io.onefold.service;

import io.onefold.store.Job;

/** Waiting for a background job in tests: on the commits of the node running it, never on a timer. */
final class TestJobs {
    private TestJobs() {}

    /** The job once it is no longer RUNNING; each of its steps commits, which wakes this. */
    static Job awaitEnd(ProfileService node, String org, Job job) throws InterruptedException {
        while (true) {
            long seen = node.notifier().version();
            Job j = node.configurations().job(org, job.id()).orElseThrow();
            if (!j.status().equals("RUNNING")) return j;
            if (!node.notifier().await(seen, 120_000)) throw new AssertionError("the job made no progress for two minutes: " + j);
        }
    }
}
