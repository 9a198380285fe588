package io.onefold.cli.generate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One true customer and every record the three sources hold about them — the ground truth the checker scores against. */
public record SyntheticCustomer(String id, CustomerKind kind, List<GeneratedRecord> crm, List<GeneratedRecord> calls, List<GeneratedRecord> chats) {
    /** Every distinct (source, source record id) of this customer; a CRM record updated twice counts once. */
    public Set<List<String>> recordKeys() {
        Set<List<String>> keys = new LinkedHashSet<>();
        for (List<GeneratedRecord> records : List.of(crm, calls, chats))
            for (GeneratedRecord r : records) keys.add(List.of(r.source(), r.sourceRecordId()));
        return keys;
    }

    public List<GeneratedRecord> all() {
        List<GeneratedRecord> all = new ArrayList<>(crm);
        all.addAll(calls);
        all.addAll(chats);
        return all;
    }
}
