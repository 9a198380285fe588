package io.onefold.store;

import io.onefold.core.model.SourceRecord;

/**
 * A record a blocking key found ({@link ProfileReads#matchCandidateRecords}): the key, the node holding the record and the
 * record itself — so that the write pipeline can score it before it reads the node's whole cluster.
 */
public record CandidateRecord(String key, String nodeId, SourceRecord record) {}
