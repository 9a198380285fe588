package io.onefold.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.onefold.core.error.ErrorCode;
import io.onefold.core.error.OnefoldException;
import io.onefold.core.error.Violation;
import io.onefold.core.json.Json;
import io.onefold.service.Permission;
import io.onefold.service.ProfileDocument;
import io.onefold.service.ProfileService;
import io.onefold.service.UpsertResponse;
import io.onefold.store.ChangeEvent;
import io.onefold.store.SearchPage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/** Profiles: upsert, read, lookup and search, lineage, history, identity operations, record deletion, bulk. */
final class ProfileController {
    private static final Set<String> PAGING = Set.of("limit", "cursor", "include");
    private final ProfileService service;
    private final HttpMetrics metrics;
    private final long maxBodyBytes;

    ProfileController(ProfileService service, HttpMetrics metrics, long maxBodyBytes) {
        this.service = service;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
    }

    void upsert(Context ctx) {
        UpsertResponse r;
        try {
            Principal p = Requests.principal(ctx);
            p.require(Permission.WRITE);
            JsonNode body = Requests.jsonObject(ctx);
            JsonNode source = body.get("source");
            if (source != null && source.isTextual()) p.requireSource(source.textValue());
            String key = ctx.header("Idempotency-Key");
            if (key != null && (key.isBlank() || key.length() > 256)) throw ApiException.badRequest("Idempotency-Key", "must be 1 to 256 characters");
            r = service.upsert(p.organization(), body, key);
        } catch (RuntimeException e) {
            metrics.upsertRefused(ApiErrors.status(e));
            throw e;
        }
        if (r.replayed()) ctx.header("Idempotent-Replayed", "true");
        metrics.upsert(r.replayed() ? "replayed" : r.outcome());
        Requests.respond(ctx, r.status(), r.body());
    }

    void get(Context ctx) {
        Principal p = Requests.principal(ctx);
        p.require(Permission.READ);
        String id = ctx.pathParam("id");
        ProfileDocument doc = service.queries().document(p.organization(), id);
        String include = ctx.queryParam("include");
        if (include != null && List.of(include.split(",")).contains("lineage")) {
            ObjectNode withLineage = doc.tree();
            withLineage.set("lineage", service.queries().lineage(p.organization(), doc.profileId()).get("lineage"));
            Requests.respond(ctx, 200, withLineage);
            return;
        }
        // the stored rendering, as it is: no parse, no render
        Requests.respond(ctx, 200, doc.json());
    }

    /** {@code GET /profiles?email=...} (lookup) or {@code ?loyalty_tier=Gold&limit=&cursor=} (search). */
    void find(Context ctx) {
        Principal p = Requests.principal(ctx);
        p.require(Permission.READ);
        List<Map.Entry<String, List<String>>> criteria = ctx.queryParamMap().entrySet().stream().filter(e -> !PAGING.contains(e.getKey())).toList();
        if (criteria.size() != 1 || criteria.get(0).getValue().size() != 1) {
            throw ApiException.badRequest("query", "give exactly one attribute to match, e.g. ?email=customer@example.com or ?loyalty_tier=Gold");
        }
        int limit = 50;
        String l = ctx.queryParam("limit");
        if (l != null) {
            try {
                limit = Integer.parseInt(l);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("limit", "must be an integer between 1 and 1000");
            }
        }
        SearchPage<ProfileDocument> page = service.queries().find(p.organization(), criteria.get(0).getKey(), criteria.get(0).getValue().get(0), limit, ctx.queryParam("cursor"));
        // a page of a bounded scan may hold fewer than the limit and still have a next cursor ("scanned": true)
        ProfilePage.respond(ctx, page);
    }

    void lineage(Context ctx) {
        Principal p = Requests.principal(ctx);
        p.require(Permission.READ);
        Requests.respond(ctx, 200, service.queries().lineage(p.organization(), ctx.pathParam("id")));
    }

    void history(Context ctx) {
        Principal p = Requests.principal(ctx);
        p.require(Permission.READ);
        List<ChangeEvent> events = service.queries().history(p.organization(), ctx.pathParam("id"), 1000);
        ObjectNode out = Json.object();
        out.put("profile_id", ctx.pathParam("id"));
        ArrayNode list = out.putArray("entries");
        for (ChangeEvent e : events) {
            ObjectNode entry = list.addObject();
            entry.put("position", e.position());
            entry.put("type", e.type());
            entry.put("at", e.at().toString());
            entry.put("profile_id", e.profileId());
            entry.set("event", e.payload());
        }
        Requests.respond(ctx, 200, out);
    }

    /** The records and identity links of the profile's cluster: who was joined to whom, from which sources. */
    void graph(Context ctx) {
        Principal p = Requests.principal(ctx);
        p.require(Permission.READ);
        String id = ctx.pathParam("id");
        service.organization(p.organization()).orElseThrow(() -> new io.onefold.core.error.NotFoundException("no organization '" + p.organization() + "'"));
        io.onefold.store.Fragment cluster = service.store().profiles().fragment(p.organization(), List.of(id));
        // An unmerged or "never the same" profile is another cluster now; load it too, so both ends of each link show.
        Set<String> ids = new java.util.TreeSet<>();
        cluster.nodes().forEach(n -> ids.add(n.id()));
        int own = ids.size();
        cluster.links().forEach(l -> { ids.add(l.fromProfileId()); ids.add(l.toProfileId()); });
        if (ids.size() > own) cluster = service.store().profiles().fragment(p.organization(), ids);
        Requests.respond(ctx, 200, ProfileGraphDocument.of(id, cluster));
    }

    void addAlias(Context ctx) {
        Principal p = Requests.principal(ctx);
        p.require(Permission.WRITE);
        p.requireIdentifierAuthority(() -> service.identifierAuthority(p.organization()));
        JsonNode body = Requests.jsonObject(ctx);
        Requests.respond(ctx, 200, service.addAlias(p.organization(), ctx.pathParam("id"), Requests.text(body, "attribute", true), Requests.text(body, "value", true)));
    }

    void removeAlias(Context ctx) {
        Principal p = Requests.principal(ctx);
        p.require(Permission.WRITE);
        p.requireIdentifierAuthority(() -> service.identifierAuthority(p.organization()));
        String attribute = ctx.queryParam("attribute");
        String value = ctx.queryParam("value");
        if (attribute == null || value == null) {
            JsonNode body = Requests.jsonObject(ctx);
            attribute = Requests.text(body, "attribute", true);
            value = Requests.text(body, "value", true);
        }
        Requests.respond(ctx, 200, service.removeAlias(p.organization(), ctx.pathParam("id"), attribute, value));
    }

    void transfer(Context ctx) {
        Principal p = Requests.principal(ctx);
        p.require(Permission.WRITE);
        p.requireIdentifierAuthority(() -> service.identifierAuthority(p.organization()));
        JsonNode body = Requests.jsonObject(ctx);
        Requests.respond(ctx, 200, service.transferIdentifier(p.organization(), ctx.pathParam("id"), Requests.text(body, "attribute", true),
                Requests.text(body, "from_value", false), Requests.text(body, "value", true)));
    }

    void merge(Context ctx) {
        Principal p = Requests.principal(ctx);
        p.require(Permission.ADMIN);
        JsonNode body = Requests.jsonObject(ctx);
        JsonNode ids = body.get("profile_ids");
        if (ids == null || !ids.isArray()) throw ApiException.badRequest("profile_ids", "must be an array of at least two profile ids");
        List<String> list = new ArrayList<>();
        for (JsonNode id : ids) {
            if (!id.isTextual()) throw ApiException.badRequest("profile_ids", "must contain strings");
            list.add(id.textValue());
        }
        Requests.respond(ctx, 200, service.merge(p.organization(), list, Requests.text(body, "reason", false)));
    }

    void link(Context ctx) {
        Principal p = Requests.principal(ctx);
        p.require(Permission.ADMIN);
        JsonNode body = Requests.jsonObject(ctx);
        String relation = Requests.text(body, "relation", false);
        if (relation != null && !relation.equals("never_same")) throw ApiException.badRequest("relation", "the only relation is never_same");
        Requests.respond(ctx, 200, service.neverTheSame(p.organization(), ctx.pathParam("id"), Requests.text(body, "other_profile_id", true), Requests.text(body, "reason", false)));
    }

    void unmerge(Context ctx) {
        Principal p = Requests.principal(ctx);
        p.require(Permission.ADMIN);
        String absorbed = null;
        if (ctx.bodyAsBytes().length > 0) absorbed = Requests.text(Requests.jsonObject(ctx), "profile_id", false);
        Requests.respond(ctx, 200, service.unmerge(p.organization(), ctx.pathParam("id"), absorbed));
    }

    void erase(Context ctx) {
        Principal p = Requests.principal(ctx);
        p.require(Permission.ADMIN);
        List<String> erased = service.erase(p.organization(), ctx.pathParam("id"));
        ObjectNode out = Json.object();
        out.put("profile_id", ctx.pathParam("id"));
        out.put("status", "erased");
        ArrayNode a = out.putArray("erased_profile_ids");
        erased.forEach(a::add);
        Requests.respond(ctx, 200, out);
    }

    void deleteRecord(Context ctx) {
        Principal p = Requests.principal(ctx);
        p.require(Permission.WRITE);
        p.requireSource(ctx.pathParam("source"));
        Requests.respond(ctx, 200, service.deleteRecord(p.organization(), ctx.pathParam("source"), ctx.pathParam("record")));
    }

    void job(Context ctx) {
        Principal p = Requests.principal(ctx);
        p.require(Permission.READ);
        var job = service.configurations().job(p.organization(), ctx.pathParam("id")).orElseThrow(() -> new io.onefold.core.error.NotFoundException("no job '" + ctx.pathParam("id") + "'"));
        Requests.respond(ctx, 200, ConfigController.job(job));
    }

    /**
     * NDJSON in, one NDJSON result per input line, in input order. Lines are upserted concurrently (64 in flight)
     * so that they share the writer's group commits; each result line says what happened to its line.
     */
    void bulk(Context ctx) throws IOException {
        Principal p = Requests.principal(ctx);
        p.require(Permission.WRITE);
        String type = ctx.contentType();
        if (type == null || !type.split(";")[0].trim().equalsIgnoreCase("application/x-ndjson")) {
            throw ApiException.unsupportedMediaType("application/x-ndjson");
        }
        // with an Idempotency-Key, line n is upserted under key#n: a batch sent again is answered, not applied again
        String key = ctx.header("Idempotency-Key");
        if (key != null && (key.isBlank() || key.length() > 240)) throw ApiException.badRequest("Idempotency-Key", "must be 1 to 240 characters on /profiles/bulk");
        List<Future<ObjectNode>> results = new ArrayList<>();
        Semaphore inFlight = new Semaphore(64);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
             java.io.InputStream in = new java.io.BufferedInputStream(ctx.bodyInputStream(), 1 << 16)) {
            int number = 0;
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
            boolean tooLong = false;
            int b;
            do {
                b = in.read();
                if (b != '\n' && b != -1) {
                    if (line.size() < maxBodyBytes) line.write(b);
                    else tooLong = true;
                    continue;
                }
                if (b == -1 && line.size() == 0 && !tooLong) break;
                number++;
                byte[] bytes = line.toByteArray();
                line.reset();
                if (tooLong) {
                    tooLong = false;
                    results.add(java.util.concurrent.CompletableFuture.completedFuture(error(number, 413, "PAYLOAD_TOO_LARGE", "line longer than " + maxBodyBytes + " bytes", List.of())));
                    continue;
                }
                if (isBlank(bytes)) continue;
                int n = number;
                inFlight.acquireUninterruptibly();
                results.add(pool.submit(() -> {
                    try {
                        return bulkLine(p, n, bytes, key == null ? null : key + "#" + n);
                    } finally {
                        inFlight.release();
                    }
                }));
            } while (b != -1);
        }
        StringBuilder out = new StringBuilder();
        for (Future<ObjectNode> f : results) {
            try {
                ObjectNode result = f.get();
                if (result.path("status").asInt() >= 400) metrics.upsertRefused(result.path("status").asInt());
                out.append(result.toString()).append('\n');
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        ctx.status(200).contentType("application/x-ndjson").result(out.toString());
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte x : bytes) if (x != ' ' && x != '\t' && x != '\r') return false;
        return true;
    }

    /** One line: bytes go to Jackson as they are, so invalid UTF-8 is refused rather than replaced. */
    private ObjectNode bulkLine(Principal p, int number, byte[] text, String idempotencyKey) {
        try {
            JsonNode body;
            try {
                body = Json.MAPPER.readTree(text);
            } catch (JsonProcessingException e) {
                return malformed(number, "not valid JSON: " + e.getOriginalMessage());
            } catch (IOException e) {
                return malformed(number, "unreadable line");
            }
            if (body.isObject() && body.path("source").isTextual()) p.requireSource(body.get("source").textValue());
            UpsertResponse r = service.upsert(p.organization(), body, idempotencyKey);
            metrics.upsert(r.replayed() ? "replayed" : r.outcome());
            ObjectNode ok = Json.object();
            ok.put("line", number);
            ok.put("status", r.status());
            ok.put("profile_id", r.profileId());
            ok.put("outcome", r.outcome());
            ok.set("merged_profile_ids", r.body().get("merged_profile_ids"));
            if (r.replayed()) ok.put("replayed", true);
            return ok;
        } catch (ApiException e) {
            return error(number, e.status, e.code, e.getMessage(), e.details);
        } catch (OnefoldException e) {
            ErrorStatus s = ErrorStatus.of(e.code());
            return error(number, s.status(), s.code(), e.getMessage(), e.details());
        } catch (RuntimeException e) {
            // a bug must not cost the other lines their answers: this line reports it, the log has the type
            org.slf4j.LoggerFactory.getLogger(ProfileController.class).error("bulk line {} failed: {}", number, e.getClass().getName());
            return error(number, 500, "INTERNAL_ERROR", "internal error on this line", List.of());
        }
    }

    private static ObjectNode malformed(int line, String message) {
        ErrorStatus s = ErrorStatus.of(ErrorCode.MALFORMED_JSON);
        return error(line, s.status(), s.code(), message, List.of());
    }

    private static ObjectNode error(int line, int status, String code, String message, List<Violation> details) {
        ObjectNode o = Json.object();
        o.put("line", line);
        o.put("status", status);
        ObjectNode err = o.putObject("error");
        err.put("code", code);
        err.put("message", message);
        ArrayNode d = err.putArray("details");
        details.forEach(v -> d.addObject().put("field", v.field()).put("reason", v.reason()));
        return o;
    }
}
