package io.onefold.cli.generate;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.core.identity.ProfileStatus;
import io.onefold.core.json.Json;
import io.onefold.core.model.SourceRecordKey;
import io.onefold.store.StoreReads;
import io.onefold.store.StoredProfile;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Scores profiles against a generator's {@code truth.ndjson}: which profile holds each true customer's records.
 * Where a record lives is asked of {@link RecordLocator} — the store, or a server.
 */
public final class GroundTruthCheck {
    /** The active profile holding a source record, if any. */
    @FunctionalInterface
    public interface RecordLocator {
        Optional<String> profileOf(String source, String sourceRecordId);
    }

    private GroundTruthCheck() {}

    /** Records located in a store: the owner node of each, followed through merges to the active survivor. */
    public static RecordLocator inStore(StoreReads reads, String org) {
        return (source, recordId) -> {
            String id = reads.profiles().recordOwner(org, SourceRecordKey.explicit(source, recordId)).orElse(null);
            for (int hops = 0; id != null && hops < 10_000; hops++) {
                Optional<StoredProfile> p = reads.profiles().profile(org, id);
                if (p.isEmpty() || p.get().status() == ProfileStatus.ERASED) return Optional.empty();
                if (p.get().status() == ProfileStatus.ACTIVE) return Optional.of(id);
                id = p.get().survivorId();
            }
            return Optional.empty();
        };
    }

    public static MergeQuality score(BufferedReader truth, RecordLocator locator) throws IOException {
        long customers = 0, records = 0, missing = 0, customerPairs = 0, truePairs = 0, splitCustomers = 0;
        Map<String, Long> profileSizes = new HashMap<>();
        Map<String, String> firstCustomerOfProfile = new HashMap<>();
        Set<String> mixed = new HashSet<>();
        List<String> splitExamples = new ArrayList<>();
        String line;
        while ((line = truth.readLine()) != null) {
            if (line.isBlank()) continue;
            JsonNode c = Json.parse(line);
            String customer = c.get("customer").textValue();
            customers++;
            Map<String, Long> here = new HashMap<>();
            long n = 0;
            for (JsonNode key : c.get("records")) {
                n++;
                Optional<String> profile = locator.profileOf(key.get(0).textValue(), key.get(1).textValue());
                if (profile.isEmpty()) {
                    missing++;
                    continue;
                }
                here.merge(profile.get(), 1L, Long::sum);
            }
            records += n;
            customerPairs += pairs(n);
            for (Map.Entry<String, Long> cell : here.entrySet()) {
                truePairs += pairs(cell.getValue());
                profileSizes.merge(cell.getKey(), cell.getValue(), Long::sum);
                String first = firstCustomerOfProfile.putIfAbsent(cell.getKey(), customer);
                if (first != null && !first.equals(customer)) mixed.add(cell.getKey());
            }
            if (here.size() > 1) {
                splitCustomers++;
                if (splitExamples.size() < 5) splitExamples.add(customer);
            }
        }
        long profilePairs = profileSizes.values().stream().mapToLong(GroundTruthCheck::pairs).sum();
        double precision = profilePairs == 0 ? 1.0 : (double) truePairs / profilePairs;
        double recall = customerPairs == 0 ? 1.0 : (double) truePairs / customerPairs;
        List<String> mixedExamples = mixed.stream().sorted().limit(5).toList();
        return new MergeQuality(customers, profileSizes.size(), records, missing, precision, recall, mixed.size(), splitCustomers,
                mixedExamples, splitExamples);
    }

    private static long pairs(long n) {
        return n * (n - 1) / 2;
    }
}
