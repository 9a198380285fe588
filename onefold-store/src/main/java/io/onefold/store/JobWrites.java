package io.onefold.store;

/** Background jobs, written in the session's transaction (a job's progress commits with the work it counts). */
public interface JobWrites extends JobReads {
    void putJob(Job job);
}
