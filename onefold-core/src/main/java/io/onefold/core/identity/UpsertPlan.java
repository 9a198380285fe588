package io.onefold.core.identity;

import io.onefold.core.model.Contribution;
import io.onefold.core.model.NormalizedObservation;
import io.onefold.core.model.SourceRecordKey;
import java.util.List;
import java.util.Map;

/**
 * What an upsert will do, decided and checked by {@link UpsertPlanner} before anything changes; carried out by
 * {@link IdentityCommands#upsert}.
 *
 * @param create      no profile matched: a new one is created
 * @param parties     the roots matched, oldest first: the first survives, the others are merged into it
 * @param linking     the observation's linking identifier values (not blocked)
 * @param explicitKey the observation's source record, when it has a {@code source_record_id}
 * @param changes     the changes to the cluster's identifiers
 * @param incoming    the contributions folded into the source record
 * @param matched     the parties found by probabilistic matching (not by identifiers), by profile id, with their scores
 * @param reviews     profiles scored between the review and auto-merge thresholds (or kept apart by merge protection):
 *                    each gets a {@code POSSIBLE_MATCH} link from the upserted profile
 */
record UpsertPlan(NormalizedObservation observation, boolean create, List<ProfileNode> parties, List<IdentifierKey> linking,
                  SourceRecordKey explicitKey, List<IdentifierChange> changes, List<Contribution> incoming,
                  Map<String, MatchCandidate> matched, List<MatchCandidate> reviews) {}
