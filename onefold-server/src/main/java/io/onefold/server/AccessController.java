package io.onefold.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.onefold.core.error.ValidationException;
import io.onefold.core.json.Json;
import io.onefold.service.AccessService;
import io.onefold.service.Cidr;
import io.onefold.service.Permission;
import io.onefold.service.ProfileService;
import io.onefold.store.ApiClient;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** OAuth 2.0 client credentials (RFC 6749 §4.4), client and organization administration, signing-key rotation. */
final class AccessController {
    private final ProfileService service;
    private final AccessService access;
    private final TokenIssuer tokens;
    private final LoginThrottle throttle;
    private final java.util.function.Consumer<String> forgetClient;

    /** @param forgetClient drops a client from the authentication cache, so a deletion takes effect at once */
    AccessController(ProfileService service, TokenIssuer tokens, LoginThrottle throttle, java.util.function.Consumer<String> forgetClient) {
        this.service = service;
        this.access = service.access();
        this.tokens = tokens;
        this.throttle = throttle;
        this.forgetClient = forgetClient;
    }

    /** {@code POST /oauth/token}: errors in the RFC 6749 §5.2 shape, as OAuth client libraries expect. */
    void token(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase();
        String grantType;
        String scope;
        String formId;
        String formSecret;
        if (type.startsWith("application/x-www-form-urlencoded")) {
            grantType = ctx.formParam("grant_type");
            scope = ctx.formParam("scope");
            formId = ctx.formParam("client_id");
            formSecret = ctx.formParam("client_secret");
        } else if (type.startsWith("application/json")) {
            JsonNode body = Requests.jsonObject(ctx);
            grantType = body.path("grant_type").asText(null);
            scope = body.path("scope").asText(null);
            formId = body.path("client_id").asText(null);
            formSecret = body.path("client_secret").asText(null);
        } else {
            oauthError(ctx, 400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded");
            return;
        }
        if (grantType == null) {
            oauthError(ctx, 400, "invalid_request", "grant_type is required");
            return;
        }
        if (!grantType.equals("client_credentials")) {
            oauthError(ctx, 400, "unsupported_grant_type", "only client_credentials is supported");
            return;
        }
        String id = formId;
        String secret = formSecret;
        String auth = ctx.header("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon < 0) throw new IllegalArgumentException();
                id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
                secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                ctx.header("WWW-Authenticate", "Basic realm=\"onefold\"");
                oauthError(ctx, 401, "invalid_client", "malformed Basic credentials");
                return;
            }
        }
        String address = ctx.ip();
        long wait = throttle.admit(id, address);
        if (wait > 0) {
            ctx.header("Retry-After", Long.toString(wait));
            oauthError(ctx, 429, "slow_down", "too many failed attempts from this address; retry after " + wait + " s");
            return;
        }
        Optional<ApiClient> client = Optional.empty();
        try {
            client = access.authenticate(id, secret);
        } finally {
            throttle.settle(id, address, client.isPresent());
        }
        if (client.isEmpty()) {
            ctx.header("WWW-Authenticate", "Basic realm=\"onefold\"");
            oauthError(ctx, 401, "invalid_client", "unknown client or wrong secret");
            return;
        }
        if (!allowedFrom(client.get(), ctx.ip())) {
            oauthError(ctx, 401, "invalid_client", "this client may not call from this address");
            return;
        }
        if (scope != null && !List.of(scope.split(" ")).contains(TokenIssuer.SCOPE)) {
            oauthError(ctx, 400, "invalid_scope", "the only scope is " + TokenIssuer.SCOPE);
            return;
        }
        ObjectNode out = Json.object();
        out.put("access_token", tokens.issue(client.get()));
        out.put("token_type", "Bearer");
        out.put("expires_in", tokens.ttl().toSeconds());
        out.put("scope", TokenIssuer.SCOPE);
        Requests.respond(ctx, 200, out);
    }

    static boolean allowedFrom(ApiClient client, String ip) {
        if (client.cidrs().isEmpty()) return true;
        for (String cidr : client.cidrs()) if (Cidr.contains(cidr, ip)) return true;
        return false;
    }

    private static void oauthError(Context ctx, int status, String error, String description) {
        ObjectNode out = Json.object();
        out.put("error", error);
        out.put("error_description", description);
        Requests.respond(ctx, status, out);
    }

    // -------------------------------------------------------------- clients

    void createClient(Context ctx) {
        Principal p = Requests.principal(ctx);
        p.require(Permission.ADMIN);
        JsonNode body = Requests.jsonObject(ctx);
        String org = organizationFor(p, Requests.text(body, "organization", false));
        Set<Permission> permissions = new LinkedHashSet<>();
        for (String w : Requests.strings(body, "permissions")) {
            permissions.add(Permission.fromWire(w).orElseThrow(() -> ValidationException.of("permissions",
                    "unknown permission '" + w + "'; valid values are CustomerProfile:Read, CustomerProfile:Write, CustomerProfile:Admin")));
        }
        AccessService.IssuedClient issued = access.createClient(org, Requests.text(body, "client_id", true), Requests.text(body, "client_secret", false),
                permissions, new LinkedHashSet<>(Requests.strings(body, "sources")), Requests.strings(body, "cidrs"));
        ObjectNode out = client(issued.client());
        out.put("client_secret", issued.secret());
        Requests.respond(ctx, 201, out);
    }

    void listClients(Context ctx) {
        Principal p = Requests.principal(ctx);
        p.require(Permission.ADMIN);
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("entities");
        access.clients(p.organization()).forEach(c -> list.add(client(c)));
        Requests.respond(ctx, 200, out);
    }

    void rotateSecret(Context ctx) {
        Principal p = Requests.principal(ctx);
        p.require(Permission.ADMIN);
        AccessService.IssuedClient issued = access.rotateSecret(p.organization(), ctx.pathParam("id"));
        ObjectNode out = client(issued.client());
        out.put("client_secret", issued.secret());
        Requests.respond(ctx, 200, out);
    }

    void deleteClient(Context ctx) {
        Principal p = Requests.principal(ctx);
        p.require(Permission.ADMIN);
        access.deleteClient(p.organization(), ctx.pathParam("id"));
        forgetClient.accept(ctx.pathParam("id"));
        ctx.status(204);
    }

    /** The signing key signs every organization's tokens: only the deployment's operator (the default organization) rotates it. */
    void rotateKeys(Context ctx) {
        Principal p = Requests.principal(ctx);
        p.require(Permission.ADMIN);
        requireDefaultOrganization(p, "rotate the signing key (it signs every organization's tokens)");
        var key = access.rotateSigningKey(tokens.ttl().plus(Duration.ofMinutes(5)));
        tokens.reload();
        ObjectNode out = Json.object();
        out.put("kid", key.kid());
        out.put("created_at", key.createdAt().toString());
        Requests.respond(ctx, 200, out);
    }

    void createOrganization(Context ctx) {
        Principal p = Requests.principal(ctx);
        p.require(Permission.ADMIN);
        requireDefaultOrganization(p, "create organizations");
        JsonNode body = Requests.jsonObject(ctx);
        String id = Requests.text(body, "id", true);
        if (!id.matches("[a-z0-9][a-z0-9_\\-]{0,62}")) throw ValidationException.of("id", "must be 1 to 63 lower-case letters, digits, '_' or '-'");
        var org = service.createOrganization(id, Optional.ofNullable(Requests.text(body, "name", false)).orElse(id));
        ObjectNode out = Json.object();
        out.put("id", org.id());
        out.put("name", org.name());
        out.put("created_at", org.createdAt().toString());
        Requests.respond(ctx, 201, out);
    }

    private static String organizationFor(Principal p, String requested) {
        if (requested == null || requested.equals(p.organization())) return p.organization();
        requireDefaultOrganization(p, "manage other organizations");
        return requested;
    }

    /** Deployment-wide operations belong to the default organization's admins; any other tenant gets 403. */
    private static void requireDefaultOrganization(Principal p, String what) {
        if (!p.organization().equals(ProfileService.DEFAULT_ORGANIZATION)) {
            throw ApiException.forbidden("only an Admin client of the default organization may " + what, "organization");
        }
    }

    static ObjectNode client(ApiClient c) {
        ObjectNode out = Json.object();
        out.put("client_id", c.clientId());
        out.put("organization", c.organization());
        ArrayNode perms = out.putArray("permissions");
        c.permissions().stream().sorted().forEach(perms::add);
        ArrayNode sources = out.putArray("sources");
        c.sources().stream().sorted().forEach(sources::add);
        ArrayNode cidrs = out.putArray("cidrs");
        c.cidrs().forEach(cidrs::add);
        out.put("created_at", c.createdAt().toString());
        return out;
    }
}
