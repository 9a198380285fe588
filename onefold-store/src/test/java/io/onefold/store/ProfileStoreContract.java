package io.onefold.store;

import static io.onefold.core.testing.Fixtures.obs;
import static io.onefold.core.testing.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.error.IdentifierConflictException;
import io.onefold.core.identity.GraphChanges;
import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.identity.ProfileStatus;
import io.onefold.core.json.Json;
import io.onefold.core.model.Observation;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.model.SourceRecordKey;
import io.onefold.core.rules.MergeRuleSetParser;
import io.onefold.core.testing.Fixtures;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store contract, written once against {@link ProfileStore}; every store's test extends it
 * ({@code SqliteProfileStoreTest}, {@code PostgresProfileStoreIT}). Named without "Test" so that it runs only
 * through its subclasses.
 */
public abstract class ProfileStoreContract {
    protected static final String ORG = "acme";
    protected static final Set<String> NON_LINKING = Set.of("household_phone");
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @TempDir
    protected Path dir;
    protected ProfileStore store;

    /** A fresh, empty store (migrated) for one test. */
    protected abstract ProfileStore open(Path dir);

    @BeforeEach
    void openStore() {
        store = open(dir);
        write(s -> s.configuration().createOrganization(new Organization(ORG, "Acme", NOW)));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    protected void write(Consumer<WriteSession> work) {
        try (WriteSession s = store.openWriteSession()) {
            TransactionResult r = s.transact(List.of(() -> {
                work.accept(s);
                return null;
            }), epoch -> {});
            Throwable error = switch (r) {
                case TransactionResult.Committed c -> c.cutBy() != null ? c.cutBy() : c.outcomes().get(0).error();
                case TransactionResult.Lost l -> l.error();
                case TransactionResult.Failed f -> f.error();
            };
            if (error instanceof RuntimeException e) throw e;
            if (error instanceof Error e) throw e;
        }
    }

    /** A unit of work that upserts {@code o} and returns the profile id. */
    private Supplier<String> upserting(WriteSession s, Observation o) {
        return () -> upsert(s, o);
    }

    /** Runs one observation the way the service does: load what it reaches, run the engine, apply the changes. */
    protected String upsert(WriteSession s, Observation o) {
        IdentityGraph g = Fixtures.omnichannelGraph();
        List<String> seeds = new ArrayList<>();
        o.profileData().fields().forEachRemaining(e -> {
            if (e.getValue().isTextual()) s.profiles().ownerOf(ORG, e.getKey(), e.getValue().textValue().toLowerCase()).ifPresent(seeds::add);
        });
        if (o.sourceRecordId() != null) s.profiles().recordOwner(ORG, SourceRecordKey.explicit(o.source(), o.sourceRecordId())).ifPresent(seeds::add);
        Fragment f = s.profiles().fragment(ORG, seeds);
        g.load(f.nodes(), f.records(), f.links());
        String id = g.upsert(o).profileId();
        GraphChanges changes = g.changes();
        s.profiles().apply(ORG, f, changes, NON_LINKING, NOW);
        return id;
    }

    @Test
    void organizationsAreKeptAndListed() {
        assertThat(store.configuration().organization(ORG)).hasValueSatisfying(o -> assertThat(o.name()).isEqualTo("Acme"));
        assertThat(store.configuration().organizations()).extracting(Organization::id).containsExactly(ORG);
        assertThat(store.configuration().organization("nope")).isEmpty();
    }

    @Test
    void configurationsAreVersionedAndTheFirstOfEachKindIsActive() {
        write(s -> {
            s.configuration().putConfig(ORG, ConfigKind.RULES, "a", Fixtures.json("{\"v\":1}"), NOW);
            s.configuration().putConfig(ORG, ConfigKind.RULES, "a", Fixtures.json("{\"v\":2}"), NOW);
            s.configuration().putConfig(ORG, ConfigKind.RULES, "b", Fixtures.json("{\"v\":1}"), NOW);
        });
        assertThat(store.configuration().config(ORG, ConfigKind.RULES, "a")).hasValueSatisfying(c -> {
            assertThat(c.version()).isEqualTo(2);
            assertThat(c.body().get("v").asInt()).isEqualTo(2);
        });
        assertThat(store.configuration().activeConfig(ORG, ConfigKind.RULES)).hasValueSatisfying(c -> assertThat(c.name()).isEqualTo("a"));
        assertThat(store.configuration().configs(ORG, ConfigKind.RULES)).extracting(StoredConfig::name).containsExactly("a", "b");
        assertThat(store.configuration().activeConfig(ORG, ConfigKind.TEMPLATE)).isEmpty();
        write(s -> assertThat(s.configuration().activate(ORG, ConfigKind.RULES, "b", 1)).isTrue());
        assertThat(store.configuration().activeConfig(ORG, ConfigKind.RULES)).hasValueSatisfying(c -> assertThat(c.name()).isEqualTo("b"));
        write(s -> assertThat(s.configuration().deleteConfig(ORG, ConfigKind.RULES, "b")).as("the active one stays").isFalse());
        write(s -> assertThat(s.configuration().deleteConfig(ORG, ConfigKind.RULES, "a")).isTrue());
        assertThat(store.configuration().configs(ORG, ConfigKind.RULES)).extracting(StoredConfig::name).containsExactly("b");
    }

    @Test
    void activatingAVersionThatNoLongerExistsChangesNothing() {
        write(s -> {
            s.configuration().putConfig(ORG, ConfigKind.RULES, "a", Fixtures.json("{\"v\":1}"), NOW);
            s.configuration().putConfig(ORG, ConfigKind.RULES, "b", Fixtures.json("{\"v\":1}"), NOW);
            s.configuration().putConfig(ORG, ConfigKind.RULES, "b", Fixtures.json("{\"v\":2}"), NOW);
        });
        write(s -> assertThat(s.configuration().activate(ORG, ConfigKind.RULES, "b", 3)).isFalse());
        write(s -> assertThat(s.configuration().activate(ORG, ConfigKind.RULES, "c", 1)).isFalse());
        assertThat(store.configuration().activeConfig(ORG, ConfigKind.RULES)).hasValueSatisfying(c -> assertThat(c.name()).isEqualTo("a"));
        write(s -> assertThat(s.configuration().activate(ORG, ConfigKind.RULES, "b", 1)).as("an older version, as the activation job re-resolved it").isTrue());
        assertThat(store.configuration().activeConfig(ORG, ConfigKind.RULES)).hasValueSatisfying(c -> {
            assertThat(c.name()).isEqualTo("b");
            assertThat(c.version()).isEqualTo(1);
        });
    }

    @Test
    void whatAnOperationChangedIsWrittenAndReadsBackAsTheSameGraph() {
        String[] ids = new String[2];
        write(s -> {
            ids[0] = upsert(s, record("salesforce_crm", "C-1", "2026-11-01T00:00:00Z", "{\"email\":\"a@example.com\",\"loyalty_tier\":\"Gold\"}"));
            ids[1] = upsert(s, obs("voice_ivr", "2026-11-02T00:00:00Z", "{\"phone_number\":\"+14155550101\",\"household_phone\":\"+14155550999\"}"));
            upsert(s, obs("webchat_middleware", "2026-11-03T00:00:00Z", "{\"email\":\"a@example.com\",\"phone_number\":\"+14155550101\"}"));
        });
        Fragment f = store.profiles().fragment(ORG, List.of(ids[1]));
        assertThat(f.rows()).containsOnlyKeys(ids[0], ids[1]);
        assertThat(f.rows().get(ids[1]).status()).isEqualTo(ProfileStatus.ABSORBED);
        IdentityGraph reloaded = Fixtures.omnichannelGraph();
        reloaded.load(f.nodes(), f.records(), f.links());
        assertThat(reloaded.get(ids[1]).orElseThrow().profileId()).isEqualTo(ids[0]);
        StoredProfile row = store.profiles().profile(ORG, ids[0]).orElseThrow();
        assertThat(row.attributes().get("loyalty_tier").textValue()).isEqualTo("Gold");
        assertThat(row.identifiers().current("phone_number")).containsExactly("+14155550101");
        assertThat(store.profiles().ownerOf(ORG, "email", "a@example.com")).contains(ids[0]);
        assertThat(store.profiles().sharedOwners(ORG, "household_phone", "+14155550999")).containsExactly(ids[1]);
        assertThat(store.profiles().recordOwner(ORG, SourceRecordKey.explicit("salesforce_crm", "C-1"))).contains(ids[0]);
        assertThat(Fixtures.describe(reloaded.get(ids[0]).orElseThrow()))
                .isEqualTo(Fixtures.describe(reloaded.get(ids[0]).orElseThrow()));
        assertThat(store.profiles().countActiveProfiles(ORG)).isEqualTo(1);
        assertThat(store.profiles().activeProfileIds(ORG, null, 10)).containsExactly(ids[0]);
    }

    @Test
    void aRecordReadsBackWithItsRetractionsTellingWithdrawnFromNeverSent() {
        // under replace_all the second payload withdraws the tier the record had sent, and omits attributes it never sent
        IdentityGraph g = Fixtures.graph(Fixtures.template("omnichannel-template.json"), MergeRuleSetParser.parse(Fixtures.json(
                "{\"rule_name\":\"r\",\"sources\":[{\"source_id\":\"salesforce_crm\",\"priority\":1,\"update_behavior\":\"replace_all\"}]}")));
        String id = g.upsert(record("salesforce_crm", "C-1", "2026-11-01T00:00:00Z", "{\"email\":\"a@example.com\",\"loyalty_tier\":\"Gold\"}")).profileId();
        g.upsert(record("salesforce_crm", "C-1", "2026-11-02T00:00:00Z", "{\"email\":\"a@example.com\"}"));
        GraphChanges changes = g.changes();
        write(s -> s.profiles().apply(ORG, Fragment.EMPTY, changes, NON_LINKING, NOW));
        SourceRecord written = changes.records().get(0);
        SourceRecord read = store.profiles().fragment(ORG, List.of(id)).records().get(0);
        assertThat(read.contributions()).isEqualTo(written.contributions());
        assertThat(read.contributions().get("loyalty_tier")).satisfies(c -> assertThat(c.retracted() && !c.implied()).as("withdrawn").isTrue());
        assertThat(read.contributions().get("recent_intent")).satisfies(c -> assertThat(c.retracted() && c.implied()).as("never sent").isTrue());
    }

    @Test
    void anIdentifierValueBelongsToOneProfileByConstraint() {
        // two engines that each believe the value is free: the store's unique key refuses the second
        write(s -> upsert(s, obs("webchat_middleware", "2026-11-01T00:00:00Z", "{\"email\":\"dup@example.com\"}")));
        assertThatThrownBy(() -> write(s -> {
            IdentityGraph blind = Fixtures.omnichannelGraph();
            blind.upsert(obs("webchat_middleware", "2026-11-02T00:00:00Z", "{\"email\":\"dup@example.com\"}"));
            s.profiles().apply(ORG, Fragment.EMPTY, blind.changes(), NON_LINKING, NOW);
        })).isInstanceOf(IdentifierConflictException.class);
        assertThat(store.profiles().countActiveProfiles(ORG)).isEqualTo(1);
    }

    @Test
    void aUnitThatThrowsIsUndoneAloneAndTheOthersCommit() {
        try (WriteSession s = store.openWriteSession()) {
            List<Supplier<?>> units = new ArrayList<>(List.of(
                    upserting(s, obs("webchat_middleware", "2026-11-01T00:00:00Z", "{\"email\":\"kept@example.com\"}")),
                    () -> {
                        upsert(s, obs("webchat_middleware", "2026-11-01T00:00:00Z", "{\"email\":\"dropped@example.com\"}"));
                        throw new IllegalStateException("refused after writing");
                    },
                    upserting(s, obs("webchat_middleware", "2026-11-01T00:00:00Z", "{\"email\":\"later@example.com\"}"))));
            TransactionResult r = s.transact(units, epoch -> {});
            if (r instanceof TransactionResult.Lost lost) {
                // the store undid the whole transaction instead: the writer runs the other units again
                assertThat(lost.at()).isEqualTo(1);
                assertThat(lost.error()).hasMessage("refused after writing");
                units.remove(1);
                r = s.transact(units, epoch -> {});
                assertThat(r).isInstanceOf(TransactionResult.Committed.class);
            } else {
                TransactionResult.Committed c = (TransactionResult.Committed) r;
                assertThat(c.outcomes()).hasSize(3);
                assertThat(c.outcomes().get(0).value()).isNotNull();
                assertThat(c.outcomes().get(1).error()).hasMessage("refused after writing");
                assertThat(c.outcomes().get(2).error()).isNull();
            }
        }
        assertThat(store.profiles().ownerOf(ORG, "email", "kept@example.com")).isPresent();
        assertThat(store.profiles().ownerOf(ORG, "email", "later@example.com")).isPresent();
        assertThat(store.profiles().ownerOf(ORG, "email", "dropped@example.com")).isEmpty();
    }

    @Test
    void aUnitRefusedBeforeItWroteIsUndoneAloneAndTakesItsEventsWithIt() {
        TransactionResult r;
        try (WriteSession s = store.openWriteSession()) {
            r = s.transact(List.of(
                    () -> s.profiles().appendChange(new ChangeEvent(0, ORG, "p1", "profile.updated", NOW, Json.object().put("n", 1))),
                    () -> {
                        s.profiles().ownerOf(ORG, "email", "nobody@example.com");
                        s.profiles().appendChange(new ChangeEvent(0, ORG, "p2", "profile.updated", NOW, Json.object().put("n", 2)));
                        throw new IllegalArgumentException("refused");
                    }), epoch -> {});
        }
        assertThat(r).isInstanceOfSatisfying(TransactionResult.Committed.class, c -> {
            assertThat(c.outcomes()).extracting(u -> u.error() == null ? null : u.error().getMessage()).containsExactly(null, "refused");
            assertThat(c.cutBy()).isNull();
        });
        assertThat(store.profiles().changesSince(ORG, 0, 10)).extracting(ChangeEvent::profileId).containsExactly("p1");
    }

    @Test
    void aUnitMeetingAnotherWriterEndsTheTransactionAndWhatRanBeforeCommits() {
        List<String> ran = new ArrayList<>();
        TransactionResult r;
        try (WriteSession s = store.openWriteSession()) {
            r = s.transact(List.of(
                    () -> ran.add(upsert(s, obs("webchat_middleware", "2026-11-01T00:00:00Z", "{\"email\":\"first@example.com\"}"))),
                    () -> {
                        ran.add("blocked");
                        throw new TransientStoreException("a key is locked by another node");
                    },
                    () -> ran.add("never")), epoch -> ran.add("begun"));
        }
        assertThat(ran).hasSize(3).startsWith("begun").endsWith("blocked");
        assertThat(r).isInstanceOfSatisfying(TransactionResult.Committed.class, c -> {
            assertThat(c.outcomes()).hasSize(1);
            assertThat(c.cutBy()).hasMessageContaining("locked by another node");
        });
        assertThat(store.profiles().ownerOf(ORG, "email", "first@example.com")).isPresent();
    }

    @Test
    void anAtomicSectionThatThrowsLeavesNoWriteAndTheUnitGoesOn() {
        TransactionResult r;
        try (WriteSession s = store.openWriteSession()) {
            r = s.transact(List.of(() -> {
                s.atomically(() -> upsert(s, obs("webchat_middleware", "2026-11-01T00:00:00Z", "{\"email\":\"whole@example.com\"}")));
                try {
                    s.atomically(() -> {
                        upsert(s, obs("webchat_middleware", "2026-11-01T00:00:00Z", "{\"email\":\"partial@example.com\"}"));
                        throw new IllegalStateException("half way");
                    });
                } catch (IllegalStateException e) {
                    assertThat(e).hasMessage("half way");
                }
                // (a store whose savepoints are marks can only undo the whole transaction: TransactionLostException
                // leaves the unit, and the transaction is Lost)
                return null;
            }), epoch -> {});
        }
        if (r instanceof TransactionResult.Lost) {
            assertThat(store.profiles().ownerOf(ORG, "email", "whole@example.com")).isEmpty();
        } else {
            assertThat(r).isInstanceOf(TransactionResult.Committed.class);
            assertThat(store.profiles().ownerOf(ORG, "email", "whole@example.com")).isPresent();
        }
        assertThat(store.profiles().ownerOf(ORG, "email", "partial@example.com")).isEmpty();
    }

    @Test
    void readersNeverSeeUncommittedWritesAndSeeCommittedOnesAtOnce() {
        write(s -> {
            upsert(s, obs("webchat_middleware", "2026-11-01T00:00:00Z", "{\"email\":\"pending@example.com\"}"));
            assertThat(s.profiles().ownerOf(ORG, "email", "pending@example.com")).as("the writer sees its own write").isPresent();
            assertThat(store.profiles().ownerOf(ORG, "email", "pending@example.com")).as("a reader does not, yet").isEmpty();
        });
        assertThat(store.profiles().ownerOf(ORG, "email", "pending@example.com")).isPresent();
    }

    @Test
    void changesGetIncreasingPositionsAndAreReadByProfileAndFromAPosition() {
        write(s -> {
            for (int i = 0; i < 3; i++) {
                ObjectNode p = Json.object().put("n", i);
                s.profiles().appendChange(new ChangeEvent(0, ORG, i == 1 ? "p2" : "p1", "profile.updated", NOW, p));
            }
        });
        // a store may assign positions at commit (PostgreSQL does, so that position order is commit order)
        List<ChangeEvent> all = store.profiles().changesSince(ORG, 0, 10);
        assertThat(all).extracting(e -> e.payload().get("n").asInt()).as("in append order").containsExactly(0, 1, 2);
        List<Long> positions = all.stream().map(ChangeEvent::position).toList();
        assertThat(positions).isSorted().doesNotHaveDuplicates();
        assertThat(store.profiles().history(ORG, List.of("p1"), 10)).extracting(e -> e.payload().get("n").asInt()).containsExactly(0, 2);
        assertThat(store.profiles().changesSince(ORG, positions.get(0), 10)).extracting(ChangeEvent::position).containsExactly(positions.get(1), positions.get(2));
    }

    @Test
    void anErasureRewritesTheChangesOfTheProfilesItNamesIncludingThoseOfItsOwnTransaction() {
        write(s -> {
            s.profiles().appendChange(new ChangeEvent(0, ORG, "p1", "profile.created", NOW, Json.object().put("n", 0)));
            s.profiles().appendChange(new ChangeEvent(0, ORG, "p2", "profile.created", NOW, Json.object().put("n", 1)));
        });
        List<Set<String>> changed = new ArrayList<>();
        write(s -> {
            // appended in the same transaction as the rewrite (a store may hold it until the commit): rewritten too
            s.profiles().appendChange(new ChangeEvent(0, ORG, "p1", "profile.updated", NOW, Json.object().put("n", 2)));
            changed.add(s.profiles().rewriteChanges(ORG, List.of("p1", "p3"), e -> Json.object().put("scrubbed", true)));
            changed.add(s.profiles().rewriteChanges(ORG, List.of("p2"), ChangeEvent::payload));
        });
        assertThat(changed).containsExactly(Set.of("p1"), Set.of());
        List<ChangeEvent> all = store.profiles().changesSince(ORG, 0, 10);
        assertThat(all).as("positions, types and order stay").extracting(ChangeEvent::type)
                .containsExactly("profile.created", "profile.created", "profile.updated");
        assertThat(store.profiles().history(ORG, List.of("p1"), 10)).hasSize(2)
                .allSatisfy(e -> assertThat(e.payload()).isEqualTo(Json.object().put("scrubbed", true)));
        assertThat(store.profiles().history(ORG, List.of("p2"), 10)).singleElement().satisfies(e -> assertThat(e.payload().get("n").asInt()).isEqualTo(1));
    }

    @Test
    void theRecordsCarryingAValueAreFoundWhereverTheyLiveAndOnlyAsAWholeString() {
        String[] ids = new String[3];
        write(s -> {
            ids[0] = upsert(s, record("salesforce_crm", "C-1", "2026-11-01T00:00:00Z", "{\"email\":\"ann@example.com\"}"));
            ids[1] = upsert(s, obs("webchat_middleware", "2026-11-01T00:00:00Z", "{\"email\":\"joann@example.com\"}"));
            ids[2] = upsert(s, obs("voice_ivr", "2026-11-01T00:00:00Z", "{\"phone_number\":\"+14155550101\",\"recent_intent\":\"ann@example.com\"}"));
        });
        assertThat(store.profiles().recordOwnersMentioning(ORG, List.of("ann@example.com")))
                .as("a string containing the value is not the value; the same string under another attribute passes (a filter)")
                .containsExactlyInAnyOrder(ids[0], ids[2]);
        assertThat(store.profiles().recordOwnersMentioning(ORG, List.of("nobody@example.com", "+14155550101"))).containsExactly(ids[2]);
        assertThat(store.profiles().recordOwnersMentioning("other", List.of("ann@example.com"))).isEmpty();
        assertThat(store.profiles().recordOwnersMentioning(ORG, List.of())).isEmpty();
    }

    @Test
    void anIdempotencyRecordIsFoundByItsProfileAndBecomesATombstoneWithoutTheRequestOrTheAnswer() {
        write(s -> {
            s.idempotency().putIdempotency(new IdempotencyRecord(ORG, "k1", "hash", 201, "{\"profile_id\":\"p\",\"email\":\"ann@example.com\"}", "p", NOW));
            s.idempotency().putIdempotency(new IdempotencyRecord(ORG, "k2", "hash", 200, "{\"profile_id\":\"q\"}", "q", NOW));
        });
        assertThat(store.idempotency().idempotencyOf(ORG, List.of("p", "r"))).extracting(IdempotencyRecord::key).containsExactly("k1");
        write(s -> s.idempotency().idempotencyOf(ORG, List.of("p")).forEach(r -> s.idempotency().putIdempotency(r.tombstone())));
        assertThat(store.idempotency().idempotency(ORG, "k1")).hasValueSatisfying(r -> {
            assertThat(r.erased()).isTrue();
            assertThat(r.response() + r.requestHash()).doesNotContain("ann@example.com").doesNotContain("hash");
            assertThat(r.profileId()).isEqualTo("p");
        });
        assertThat(store.idempotency().idempotency(ORG, "k2")).hasValueSatisfying(r -> assertThat(r.erased()).isFalse());
    }

    @Test
    void purgingAfterAnErasureCompletes() {
        write(s -> upsert(s, obs("webchat_middleware", "2026-11-01T00:00:00Z", "{\"email\":\"purged@example.com\"}")));
        assertThat(store.purge(List.of("purged@example.com"))).succeedsWithin(java.time.Duration.ofMinutes(1));
    }

    @Test
    void idempotencyRecordsAndJobsRoundTrip() {
        write(s -> {
            s.idempotency().putIdempotency(new IdempotencyRecord(ORG, "k", "h", 201, "{\"profile_id\":\"p\"}", "p", NOW));
            s.jobs().putJob(new Job("j", ORG, "re-resolve", "RUNNING", 10, 3, Json.object().put("x", 1), NOW, NOW));
        });
        assertThat(store.idempotency().idempotency(ORG, "k")).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(201));
        assertThat(store.idempotency().idempotency("other", "k")).isEmpty();
        assertThat(store.jobs().job(ORG, "j")).hasValueSatisfying(j -> assertThat(j.done()).isEqualTo(3));
    }

    @Test
    void jobsAreFoundByTypeAndStatusInEveryOrganization() {
        write(s -> {
            s.jobs().putJob(new Job("later", ORG, "re-resolve", "RUNNING", 10, 3, Json.object(), NOW.plusSeconds(1), NOW));
            s.jobs().putJob(new Job("first", "other-org", "re-resolve", "RUNNING", 10, 3, Json.object(), NOW, NOW));
            s.jobs().putJob(new Job("done", ORG, "re-resolve", "SUCCEEDED", 10, 10, Json.object(), NOW, NOW));
            s.jobs().putJob(new Job("ingest", ORG, "ingest", "RUNNING", 10, 3, Json.object(), NOW, NOW));
        });
        assertThat(store.jobs().jobs("re-resolve", "RUNNING")).extracting(Job::id).containsExactly("first", "later");
        assertThat(store.jobs().jobs("re-resolve", "FAILED")).isEmpty();
    }

    @Test
    void searchFindsActiveProfilesByGoldenValueInPages() {
        write(s -> {
            for (int i = 0; i < 5; i++) upsert(s, obs("salesforce_crm", "2026-11-01T00:00:00Z", "{\"email\":\"s" + i + "@example.com\",\"loyalty_tier\":\"Gold\",\"interaction_channels\":[\"chat\"]}"));
        });
        Page<StoredProfile> first = store.profiles().search(ORG, new SearchQuery("loyalty_tier", "Gold", false, 2, null));
        assertThat(first.items()).hasSize(2);
        Page<StoredProfile> rest = store.profiles().search(ORG, new SearchQuery("loyalty_tier", "Gold", false, 10, first.nextCursor()));
        assertThat(rest.items()).hasSize(3);
        assertThat(rest.nextCursor()).isNull();
        assertThat(store.profiles().search(ORG, new SearchQuery("interaction_channels", "chat", true, 10, null)).items()).hasSize(5);
        assertThat(store.profiles().search("other", new SearchQuery("loyalty_tier", "Gold", false, 10, null)).items()).isEmpty();
    }

    @Test
    void nothingIsVisibleAcrossOrganizations() {
        write(s -> {
            s.configuration().createOrganization(new Organization("other", "Other", NOW));
            upsert(s, obs("webchat_middleware", "2026-11-01T00:00:00Z", "{\"email\":\"tenant@example.com\"}"));
        });
        assertThat(store.profiles().ownerOf("other", "email", "tenant@example.com")).isEmpty();
        assertThat(store.profiles().countActiveProfiles("other")).isZero();
    }
}
