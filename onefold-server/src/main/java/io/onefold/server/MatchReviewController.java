package io.onefold.server;

import io.javalin.http.Context;
import io.onefold.service.MatchReviews;
import io.onefold.service.Permission;
import io.onefold.service.ProfileService;

/**
 * Probabilistic matching for operators (issue 16): the review queue of possible matches, oldest first; accepting one
 * (a merge) or rejecting it (never the same person), with the permission a manual merge needs; and "why / why not"
 * for any two profiles. The service validates and decides; this reads the request and answers.
 */
final class MatchReviewController {
    /** The page length when the caller names none. */
    static final int DEFAULT_LIMIT = 50;
    private final ProfileService service;

    MatchReviewController(ProfileService service) {
        this.service = service;
    }

    /** {@code GET /match-reviews?min_probability=&cursor=&limit=}. */
    void queue(Context ctx) {
        Principal p = Requests.principal(ctx);
        p.require(Permission.READ);
        double minProbability = number(ctx, "min_probability", 0);
        int limit = integer(ctx, "limit", DEFAULT_LIMIT);
        Requests.respond(ctx, 200, service.matchReviews().queue(p.organization(), minProbability, ctx.queryParam("cursor"), limit));
    }

    /** {@code POST /match-reviews/{link_id}/accept}, optional body {@code {"reason"}}: the merged profile. */
    void accept(Context ctx) {
        Principal p = Requests.principal(ctx);
        p.require(Permission.ADMIN);
        Requests.respond(ctx, 200, service.acceptMatch(p.organization(), ctx.pathParam("link_id"), reason(ctx)));
    }

    /** {@code POST /match-reviews/{link_id}/reject}, optional body {@code {"reason"}}: the link's first profile. */
    void reject(Context ctx) {
        Principal p = Requests.principal(ctx);
        p.require(Permission.ADMIN);
        Requests.respond(ctx, 200, service.rejectMatch(p.organization(), ctx.pathParam("link_id"), reason(ctx)));
    }

    /** {@code GET /profiles/{id}/match/{other_id}}: the score of the pair, comparison by comparison, and the decision. */
    void explain(Context ctx) {
        Principal p = Requests.principal(ctx);
        p.require(Permission.READ);
        Requests.respond(ctx, 200, service.matchReviews().explain(p.organization(), ctx.pathParam("id"), ctx.pathParam("other_id")));
    }

    private static String reason(Context ctx) {
        if (ctx.bodyAsBytes().length == 0) return null;
        return Requests.text(Requests.jsonObject(ctx), "reason", false);
    }

    // parsing only: the service refuses a value out of range, naming the parameter the same way
    private static double number(Context ctx, String name, double absent) {
        String text = ctx.queryParam(name);
        if (text == null) return absent;
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name, "must be a number between 0 and 1");
        }
    }

    private static int integer(Context ctx, String name, int absent) {
        String text = ctx.queryParam(name);
        if (text == null) return absent;
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name, "must be an integer between 1 and " + MatchReviews.MAX_LIMIT);
        }
    }
}
