package io.onefold.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.onefold.core.error.ValidationException;
import io.onefold.core.json.Json;
import io.onefold.service.Permission;
import io.onefold.service.ProfileService;
import io.onefold.service.WebhookService;
import io.onefold.store.Webhook;
import java.util.List;

/** {@code /webhooks} (Admin): subscribe a URL to event types; read delivery state and failures; resume; delete. */
final class WebhookController {
    private final WebhookService webhooks;

    WebhookController(ProfileService service) {
        this.webhooks = service.webhooks();
    }

    void create(Context ctx) {
        Principal p = Requests.principal(ctx);
        p.require(Permission.ADMIN);
        JsonNode body = Requests.jsonObject(ctx);
        List<String> types = Requests.strings(body, "event_types");
        WebhookService.Created created = webhooks.create(p.organization(), Requests.text(body, "url", true), types, Requests.text(body, "secret", false));
        ObjectNode out = document(created.webhook());
        out.put("secret", created.secret());
        Requests.respond(ctx, 201, out);
    }

    void list(Context ctx) {
        Principal p = Requests.principal(ctx);
        p.require(Permission.ADMIN);
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("entities");
        webhooks.list(p.organization()).forEach(w -> list.add(document(w)));
        Requests.respond(ctx, 200, out);
    }

    void get(Context ctx) {
        Principal p = Requests.principal(ctx);
        p.require(Permission.ADMIN);
        Requests.respond(ctx, 200, document(webhooks.get(p.organization(), ctx.pathParam("id"))));
    }

    void resume(Context ctx) {
        Principal p = Requests.principal(ctx);
        p.require(Permission.ADMIN);
        Requests.respond(ctx, 200, document(webhooks.resume(p.organization(), ctx.pathParam("id"))));
    }

    void delete(Context ctx) {
        Principal p = Requests.principal(ctx);
        p.require(Permission.ADMIN);
        webhooks.delete(p.organization(), ctx.pathParam("id"));
        ctx.status(204);
    }

    /** Never the secret: it is shown once, at creation. */
    static ObjectNode document(Webhook w) {
        ObjectNode out = Json.object();
        out.put("id", w.id());
        out.put("url", w.url());
        ArrayNode types = out.putArray("event_types");
        w.types().forEach(types::add);
        out.put("status", w.status());
        out.put("delivered_through", w.cursor());
        out.put("consecutive_failures", w.failures());
        out.set("recent_failures", w.recentFailures());
        out.put("created_at", w.createdAt().toString());
        return out;
    }
}
