package io.onefold.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.onefold.core.error.Violation;
import io.onefold.core.json.Json;
import io.onefold.service.ConfigResult;
import io.onefold.service.Permission;
import io.onefold.service.ProfileService;
import io.onefold.store.ConfigKind;
import io.onefold.store.Job;
import io.onefold.store.StoredConfig;
import java.util.function.Consumer;

/** Profile templates and merge rule sets: versioned, activated explicitly, with a dry run for rules. */
final class ConfigController {
    private final ProfileService service;
    private final ConfigKind kind;
    private volatile Consumer<Job> jobStarted = job -> {};

    ConfigController(ProfileService service, ConfigKind kind) {
        this.service = service;
        this.kind = kind;
    }

    /** Told of each job an activation starts (the server's job metrics follow it). */
    void onJobStarted(Consumer<Job> listener) {
        this.jobStarted = listener;
    }

    void create(Context ctx) {
        Principal p = Requests.principal(ctx);
        p.require(Permission.ADMIN);
        var body = Requests.jsonObject(ctx);
        ConfigResult r = kind == ConfigKind.TEMPLATE ? service.configurations().createTemplate(p.organization(), body) : service.configurations().createRules(p.organization(), body);
        Requests.respond(ctx, 201, document(r.config(), r));
    }

    void update(Context ctx) {
        Principal p = Requests.principal(ctx);
        p.require(Permission.ADMIN);
        var body = Requests.jsonObject(ctx);
        String name = ctx.pathParam("name");
        ConfigResult r = kind == ConfigKind.TEMPLATE ? service.configurations().updateTemplate(p.organization(), name, body) : service.configurations().updateRules(p.organization(), name, body);
        Requests.respond(ctx, 200, document(r.config(), r));
    }

    void list(Context ctx) {
        Principal p = Requests.principal(ctx);
        p.require(Permission.READ);
        ObjectNode out = Json.object();
        ArrayNode entities = out.putArray("entities");
        service.configurations().configs(p.organization(), kind).forEach(c -> entities.add(document(c, null)));
        Requests.respond(ctx, 200, out);
    }

    void get(Context ctx) {
        Principal p = Requests.principal(ctx);
        p.require(Permission.READ);
        Requests.respond(ctx, 200, document(service.configurations().config(p.organization(), kind, ctx.pathParam("name")), null));
    }

    void delete(Context ctx) {
        Principal p = Requests.principal(ctx);
        p.require(Permission.ADMIN);
        service.configurations().deleteConfig(p.organization(), kind, ctx.pathParam("name"));
        ctx.status(204);
    }

    void activate(Context ctx) {
        Principal p = Requests.principal(ctx);
        p.require(Permission.ADMIN);
        Job job = service.configurations().activate(p.organization(), kind, ctx.pathParam("name"));
        jobStarted.accept(job);
        Requests.respond(ctx, 202, job(job));
    }

    void dryRun(Context ctx) {
        Principal p = Requests.principal(ctx);
        p.require(Permission.ADMIN);
        Requests.respond(ctx, 200, service.configurations().dryRun(p.organization(), ctx.pathParam("name"), 1000));
    }

    /** The stored body as submitted, plus {@code version}, {@code active}, {@code created_at} and any {@code warnings}. */
    static ObjectNode document(StoredConfig c, ConfigResult result) {
        ObjectNode out = c.body().deepCopy();
        out.put("version", c.version());
        out.put("active", c.active());
        out.put("created_at", c.createdAt().toString());
        if (result != null) {
            ArrayNode w = out.putArray("warnings");
            for (Violation v : result.warnings()) w.addObject().put("field", v.field()).put("reason", v.reason());
        }
        return out;
    }

    static ObjectNode job(Job j) {
        ObjectNode out = Json.object();
        out.put("job_id", j.id());
        out.put("type", j.type());
        out.put("status", j.status());
        out.put("total", j.total());
        out.put("done", j.done());
        out.put("progress", j.total() == 0 ? 1.0 : Math.min(1.0, (double) j.done() / j.total()));
        out.set("result", j.result());
        out.put("created_at", j.createdAt().toString());
        out.put("updated_at", j.updatedAt().toString());
        return out;
    }
}
