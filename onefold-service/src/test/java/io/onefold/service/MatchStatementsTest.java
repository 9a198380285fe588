package io.onefold.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.onefold.core.testing.Fixtures;
import io.onefold.store.sqlite.SqliteProfileStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The statements the matching step of a batch runs on the blocking-key index ({@code match_keys}), counted on the
 * embedded store's writer ({@link SqliteProfileStore#writerStatements}): one read of every scored upsert's candidates
 * (each key's range read once, joined to its records), one deletion of the rewritten records' keys, one insertion of
 * the new keys — whatever the number of upserts. Before, a batch of n new people ran 1 + n + 2n (a deletion per
 * record, an insertion per key).
 */
class MatchStatementsTest {
    private static final String[] GIVEN = {"John", "Mary", "Peter", "Anna", "James", "Linda", "Robert"};
    private static final String[] SURNAMES = {"Smith", "Jones", "Brown", "Taylor", "Wilson", "Clark", "Lewis", "Walker", "Young", "King", "Wright"};
    private static final String[] CITIES = {"Boston", "Denver", "Austin", "Seattle", "Chicago"};

    @TempDir
    Path dir;
    private ServiceFixture f;

    @AfterEach
    void close() {
        if (f != null) f.close();
    }

    private static String person(String recordId, int i, String given) {
        return "{\"source\":\"crm\",\"source_record_id\":\"" + recordId + "\",\"observed_at\":\"2026-03-01T10:00:00Z\",\"profile_data\":{"
                + "\"given_name\":\"" + given + "\",\"surname\":\"" + SURNAMES[i % SURNAMES.length] + "\",\"date_of_birth\":\""
                + (1950 + i % 40) + "-0" + (1 + i % 9) + "-1" + (i % 10) + "\",\"city\":\"" + CITIES[i % CITIES.length] + "\"}}";
    }

    private static List<String> people(String prefix, int from, int count) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) out.add(person(prefix + i, i, GIVEN[(i / SURNAMES.length) % GIVEN.length]));
        return out;
    }

    /** Loads the lines as one batch of the writer (what {@code onefold ingest} runs); answers the outcomes. */
    private List<String> load(List<String> lines) {
        BulkLoader loader = f.service.bulkLoader(ServiceFixture.ORG);
        List<BulkLoader.Line> in = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) in.add(BulkLoader.Line.of(i + 1, Fixtures.json(lines.get(i))));
        return loader.load(loader.prepare(in), null).stream().map(BulkLoader.LineResult::outcome).toList();
    }

    private long matchKeyStatements() {
        SqliteProfileStore store = (SqliteProfileStore) f.store;
        return f.service.writer().execute(ctx -> store.writerStatements(sql -> sql.contains("match_keys")));
    }

    /** The outcomes of one batch, then the match_keys statements it ran. */
    private record Batch(List<String> outcomes, long statements) {}

    private Batch batch(List<String> lines) {
        long before = matchKeyStatements();
        List<String> outcomes = load(lines);
        return new Batch(outcomes, matchKeyStatements() - before);
    }

    @Test
    void aBatchOfNewPeopleReadsItsCandidatesInOneStatementAndWritesTheirKeysInAnother() {
        f = new ServiceFixture(dir, false).configureMatching();
        assertThat(batch(people("a", 0, 30)).outcomes()).containsOnly("created");

        // 40 new people, each sharing a blocking key (surname) with stored ones, and one of the stored again as "Jon"
        List<String> lines = people("b", 30, 40);
        lines.add(person("dup", 0, "Jon"));
        Batch many = batch(lines);
        assertThat(many.outcomes()).as("matching ran: the stored John found by his keys").endsWith("merged")
                .filteredOn("created"::equals).hasSize(40);
        assertThat(many.statements()).as("one read, one insertion (new records have no keys to delete)").isEqualTo(2);

        Batch one = batch(people("c", 70, 1));
        assertThat(one.outcomes()).containsExactly("created");
        assertThat(one.statements()).isEqualTo(2);
    }

    @Test
    void aBatchChangingBlockedValuesReplacesTheirKeysInTwoStatements() {
        f = new ServiceFixture(dir, false).configureMatching();
        load(people("a", 0, 20));

        // the same records with another birth date: their keys move; they name their records, so nothing is scored
        List<String> moved = new ArrayList<>();
        for (String line : people("a", 0, 20)) moved.add(line.replace("\"date_of_birth\":\"19", "\"date_of_birth\":\"20"));
        Batch b = batch(moved);
        assertThat(b.outcomes()).containsOnly("updated");
        assertThat(b.statements()).as("one deletion, one insertion").isEqualTo(2);
    }
}
