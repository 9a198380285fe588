package io.onefold.core.identity;

import io.onefold.core.model.SourceRecord;
import io.onefold.core.model.SourceRecordKey;
import java.util.List;
import java.util.Map;

/**
 * What operations changed since the graph was loaded (or since the last call): the rows a store must write.
 *
 * @param nodes          nodes created or changed, in their new state
 * @param records        records created or changed
 * @param deletedRecords records removed (record deletion, erasure)
 * @param links          links created or changed (retracted)
 * @param profiles       every active root whose cluster changed, as readers will see it
 * @param matchKeys      the blocking keys each created, changed or deleted record is indexed under now (empty: none
 *                       any more), when matching rules are active; a store replaces the record's keys with these
 */
public record GraphChanges(List<NodeState> nodes, List<SourceRecord> records, List<SourceRecordKey> deletedRecords,
                           List<IdentityLink> links, Map<String, ProfileView> profiles, Map<SourceRecordKey, List<String>> matchKeys) {
    /** Changes without matching (no blocking keys to index). */
    public GraphChanges(List<NodeState> nodes, List<SourceRecord> records, List<SourceRecordKey> deletedRecords,
                        List<IdentityLink> links, Map<String, ProfileView> profiles) {
        this(nodes, records, deletedRecords, links, profiles, Map.of());
    }

    public boolean isEmpty() {
        return nodes.isEmpty() && records.isEmpty() && deletedRecords.isEmpty() && links.isEmpty() && matchKeys.isEmpty();
    }
}
