package io.onefold.cli.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.core.json.Json;
import io.onefold.core.schema.IdentifierNormalizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticPopulationTest {
    static final Instant AS_OF = Instant.parse("2026-11-01T00:00:00Z");

    @Test
    void theSameSeedWritesByteIdenticalFilesAndAnotherSeedDoesNot(@TempDir Path dir) throws Exception {
        DatasetWriter.write(new SyntheticPopulation(7, AS_OF), 500, 7, AS_OF, dir.resolve("a"));
        DatasetWriter.write(new SyntheticPopulation(7, AS_OF), 500, 7, AS_OF, dir.resolve("b"));
        DatasetWriter.write(new SyntheticPopulation(8, AS_OF), 500, 8, AS_OF, dir.resolve("c"));
        for (String f : new String[] {"crm.csv", "chat.ndjson", "ivr.ndjson", "truth.ndjson", "manifest.json"})
            assertThat(Files.readAllBytes(dir.resolve("a").resolve(f))).as(f).isEqualTo(Files.readAllBytes(dir.resolve("b").resolve(f)));
        assertThat(Files.readString(dir.resolve("a/crm.csv"))).isNotEqualTo(Files.readString(dir.resolve("c/crm.csv")));
    }

    @Test
    void aCustomerDependsOnlyOnTheSeedAndItsIndex() {
        var p = new SyntheticPopulation(42, AS_OF);
        assertThat(p.customer(1234).all()).isEqualTo(new SyntheticPopulation(42, AS_OF).customer(1234).all());
    }

    @Test
    void phoneNumbersAreDistinctValidUsNumbers() {
        IdentifierNormalizer normalizer = new IdentifierNormalizer("US");
        Set<String> seen = new HashSet<>();
        for (long n = 0; n < 200_000; n++) assertThat(seen.add(SyntheticPopulation.phone(n))).as("slot %d", n).isTrue();
        for (long n = 0; n < 2_000; n += 7) {
            String e164 = SyntheticPopulation.phone(n);
            var r = normalizer.normalize(io.onefold.core.schema.Normalization.PHONE, e164);
            assertThat(r).as(e164).isInstanceOf(IdentifierNormalizer.Result.Ok.class);
        }
    }

    @Test
    void thePopulationHasEveryJourneyAndEveryTrapOfTheGuide() {
        var p = new SyntheticPopulation(42, AS_OF);
        Map<CustomerKind, Integer> kinds = new EnumMap<>(CustomerKind.class);
        int nullTiers = 0, explicitChanges = 0, staleCrm = 0, updatedCrm = 0, households = 0, upperCaseEmails = 0;
        Map<String, Integer> emails = new HashMap<>();
        for (int i = 0; i < 5_000; i++) {
            SyntheticCustomer c = p.customer(i);
            kinds.merge(c.kind(), 1, Integer::sum);
            for (GeneratedRecord r : c.all()) {
                assertThat(r.observedAt()).isBefore(AS_OF);
                JsonNode d = r.profileData();
                if (d.has("loyalty_tier") && d.get("loyalty_tier").isNull()) nullTiers++;
                if (!r.explicit().isEmpty()) explicitChanges++;
                if (d.has("household_phone")) households++;
                if (d.has("email") && !d.get("email").textValue().equals(d.get("email").textValue().strip().toLowerCase())) upperCaseEmails++;
                if (d.has("email")) emails.merge(d.get("email").textValue().strip().toLowerCase(), 0, (a, b) -> a);
            }
            if (!c.crm().isEmpty() && c.crm().get(0).observedAt().isBefore(AS_OF.minusSeconds(180 * 86_400L))) staleCrm++;
            if (c.crm().size() > 1) {
                updatedCrm++;
                assertThat(c.crm().get(1).observedAt()).isAfter(c.crm().get(0).observedAt());
            }
            if (c.kind() == CustomerKind.CRM_NEW_PHONE || c.kind() == CustomerKind.CALLER_IDENTIFIES_LATER)
                assertThat(c.calls().get(0).observedAt()).as("the call precedes the chat that identifies it").isBefore(c.chats().get(0).observedAt());
        }
        assertThat(kinds.keySet()).containsExactlyInAnyOrder(CustomerKind.values());
        assertThat(kinds.get(CustomerKind.CRM_CUSTOMER)).isBetween(3_300, 3_700);
        assertThat(nullTiers).isPositive();
        assertThat(explicitChanges).isPositive();
        assertThat(staleCrm).isPositive();
        assertThat(updatedCrm).isPositive();
        assertThat(households).as("household landlines come in pairs").isPositive().isEven();
        assertThat(upperCaseEmails).isPositive();
    }

    @Test
    void csvCellsAreQuotedPerRfc4180() {
        assertThat(DatasetWriter.csvCell("plain")).isEqualTo("plain");
        assertThat(DatasetWriter.csvCell("a,b")).isEqualTo("\"a,b\"");
        assertThat(DatasetWriter.csvCell("{\"k\":\"v\"}")).isEqualTo("\"{\"\"k\"\":\"\"v\"\"}\"");
        assertThat(DatasetWriter.csvCell("two\nlines")).isEqualTo("\"two\nlines\"");
    }

    @Test
    void truthListsEachRecordOnceEvenWhenTheCrmUpdatedIt() throws Exception {
        var p = new SyntheticPopulation(42, AS_OF);
        for (int i = 0; i < 3_000; i++) {
            SyntheticCustomer c = p.customer(i);
            if (c.crm().size() < 2) continue;
            JsonNode truth = Json.parse(Json.MAPPER.writeValueAsString(DatasetWriter.truthLine(c)));
            assertThat(truth.get("records").size()).isEqualTo(c.all().size() - 1);
            return;
        }
        throw new AssertionError("no updated CRM record in 3,000 customers");
    }
}
