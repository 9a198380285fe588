package io.onefold.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.error.NotFoundException;
import io.onefold.core.error.StateConflictException;
import io.onefold.core.error.ValidationException;
import io.onefold.core.error.Violation;
import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.identity.ProfileStatus;
import io.onefold.core.json.Json;
import io.onefold.core.rules.MergeRuleSet;
import io.onefold.core.rules.MergeRuleSetParser;
import io.onefold.core.schema.ProfileTemplate;
import io.onefold.core.schema.TemplateParser;
import io.onefold.store.ConfigKind;
import io.onefold.store.Fragment;
import io.onefold.store.Job;
import io.onefold.store.ProfileStore;
import io.onefold.store.StoredConfig;
import io.onefold.store.StoredProfile;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The organization's configuration: profile templates and merge rule sets (versioned), their activation — a
 * background re-resolution ({@link ActivationJob}) — and the dry run of a candidate rule set. The compiled active
 * configuration and its cache stay in {@link ProfileService}, which every write reads.
 */
public final class ProfileConfigurations {
    private static final int PAGE = 200;

    private final ProfileService service;
    private final ProfileStore store;
    private final SingleWriter writer;
    private final TemplateParser templates;

    ProfileConfigurations(ProfileService service) {
        this.service = service;
        this.store = service.store();
        this.writer = service.writer();
        this.templates = service.templates();
    }

    public ConfigResult createTemplate(String org, JsonNode body) {
        ProfileTemplate t = templates.parse(body);
        return putConfig(org, ConfigKind.TEMPLATE, t.name(), body, true, List.of());
    }

    public ConfigResult updateTemplate(String org, String name, JsonNode body) {
        ProfileTemplate t = templates.parse(body);
        if (!t.name().equals(name)) throw ValidationException.of("template_name", "must be '" + name + "', the name in the path");
        return putConfig(org, ConfigKind.TEMPLATE, name, body, false, List.of());
    }

    public ConfigResult createRules(String org, JsonNode body) {
        MergeRuleSet r = MergeRuleSetParser.parse(body);
        return putConfig(org, ConfigKind.RULES, r.ruleName(), body, true, warnings(org, r));
    }

    public ConfigResult updateRules(String org, String name, JsonNode body) {
        MergeRuleSet r = MergeRuleSetParser.parse(body);
        if (!r.ruleName().equals(name)) throw ValidationException.of("rule_name", "must be '" + name + "', the name in the path");
        return putConfig(org, ConfigKind.RULES, name, body, false, warnings(org, r));
    }

    private List<Violation> warnings(String org, MergeRuleSet r) {
        return store.configuration().activeConfig(org, ConfigKind.TEMPLATE).map(t -> r.warningsAgainst(templates.parse(t.body()))).orElse(List.of());
    }

    private ConfigResult putConfig(String org, ConfigKind kind, String name, JsonNode body, boolean create, List<Violation> warnings) {
        service.requireOrganization(org);
        StoredConfig stored = writer.execute(ctx -> {
            boolean exists = ctx.session().configuration().config(org, kind, name).isPresent();
            if (create && exists) throw new StateConflictException((kind == ConfigKind.TEMPLATE ? "template '" : "rule set '") + name + "' already exists; PUT a new version");
            if (!create && !exists) throw new NotFoundException((kind == ConfigKind.TEMPLATE ? "no template '" : "no rule set '") + name + "'");
            StoredConfig c = ctx.session().configuration().putConfig(org, kind, name, body, service.clock().get());
            ctx.afterCommit(() -> service.forgetConfiguration(org));
            return c;
        });
        return new ConfigResult(stored, warnings);
    }

    public List<StoredConfig> configs(String org, ConfigKind kind) {
        service.requireOrganization(org);
        return store.configuration().configs(org, kind);
    }

    public StoredConfig config(String org, ConfigKind kind, String name) {
        service.requireOrganization(org);
        return store.configuration().config(org, kind, name).orElseThrow(() -> new NotFoundException(kind == ConfigKind.TEMPLATE ? "no template '" + name + "'" : "no rule set '" + name + "'"));
    }

    public void deleteConfig(String org, ConfigKind kind, String name) {
        config(org, kind, name);
        writer.execute(ctx -> {
            if (ctx.session().configuration().activeConfig(org, kind).map(c -> c.name().equals(name)).orElse(false)) {
                throw new StateConflictException("'" + name + "' is active; activate another before deleting it");
            }
            return ctx.session().configuration().deleteConfig(org, kind, name);
        });
    }

    /**
     * Activates the latest version of a template or rule set once every stored profile has been re-resolved under it,
     * in a background job (golden values are always recomputed from retained contributions: rules apply
     * retroactively). Until the job succeeds the previous configuration stays active; see {@link ActivationJob}.
     */
    public Job activate(String org, ConfigKind kind, String name) {
        StoredConfig target = config(org, kind, name);
        if (kind == ConfigKind.TEMPLATE) templates.parse(target.body());
        else MergeRuleSetParser.parse(target.body());
        String id = UUID.randomUUID().toString();
        // claimed by this node (the one that activated) from before the job exists: no node takes it for an orphan
        ProfileStore.Claim claim = store.claim(ActivationJob.claimName(id)).orElseThrow(() -> new IllegalStateException("job id " + id + " is claimed"));
        ActivationJob job;
        try {
            job = ActivationJob.create(service, org, target, id);
        } catch (RuntimeException e) {
            claim.close();
            throw e;
        }
        service.jobs().submit(() -> {
            try (claim) {
                job.run(claim::held);
            }
        });
        return job.job();
    }

    public Optional<Job> job(String org, String id) {
        service.requireOrganization(org);
        return store.jobs().job(org, id);
    }

    /**
     * What activating {@code rulesName} would change, without writing: every active profile re-resolved with the
     * candidate rules and the active template, compared with its stored golden record.
     */
    public ObjectNode dryRun(String org, String rulesName, int maxListed) {
        StoredConfig candidate = config(org, ConfigKind.RULES, rulesName);
        ActiveConfiguration current = service.configuration(org, store);
        MergeRuleSet rules = MergeRuleSetParser.parse(candidate.body());
        ActiveConfiguration trial = ActiveConfiguration.of(current.templateRow(), candidate, current.template(), rules, service.normalizer());
        ObjectNode report = Json.object();
        report.put("rule_name", rulesName);
        report.put("version", candidate.version());
        ArrayNode changes = Json.NODES.arrayNode();
        long examined = 0;
        long changed = 0;
        String after = null;
        while (true) {
            List<String> page = store.profiles().activeProfileIds(org, after, PAGE);
            if (page.isEmpty()) break;
            after = page.get(page.size() - 1);
            for (String id : page) {
                Fragment f = store.profiles().fragment(org, List.of(id));
                StoredProfile row = f.rows().get(id);
                if (row == null || row.status() != ProfileStatus.ACTIVE) continue;
                examined++;
                IdentityGraph g = trial.graph(service.normalizer(), service.ids(), service.clock());
                g.load(f.nodes(), f.records(), f.links());
                ObjectNode diff = ChangeEvents.diff(row.attributes(), g.get(id).orElseThrow().golden().attributes());
                if (ChangeEvents.isEmpty(diff)) continue;
                changed++;
                if (changes.size() < maxListed) changes.addObject().put("profile_id", id).set("changes", diff);
            }
        }
        report.put("profiles_examined", examined);
        report.put("profiles_changed", changed);
        report.set("changes", changes);
        report.set("warnings", violations(rules.warningsAgainst(current.template())));
        return report;
    }

    private static ArrayNode violations(List<Violation> vs) {
        ArrayNode a = Json.NODES.arrayNode();
        vs.forEach(v -> a.addObject().put("field", v.field()).put("reason", v.reason()));
        return a;
    }
}
