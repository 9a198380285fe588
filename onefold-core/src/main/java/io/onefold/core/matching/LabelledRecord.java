package io.onefold.core.matching;

import java.util.Map;

/** A row of labelled data for evaluation: its id, its source (for a linkage), its true entity and its raw values. */
public record LabelledRecord(String id, String source, String truth, Map<String, String> values) {}
