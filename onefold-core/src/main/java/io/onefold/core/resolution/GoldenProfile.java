package io.onefold.core.resolution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.SortedMap;

/**
 * The golden record of one profile and the lineage of each of its attributes — a pure function of the
 * profile's source records, its identity and the rules; never edited, only recomputed.
 */
public record GoldenProfile(ObjectNode attributes, SortedMap<String, AttributeLineage> lineage) {}
