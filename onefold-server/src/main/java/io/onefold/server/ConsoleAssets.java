package io.onefold.server;

import io.javalin.http.Context;
import io.onefold.core.error.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * {@code /console}: the admin console's static files, read from the classpath ({@code /console/*} in the jar), so
 * that {@code ./onefold serve} needs no front-end server and no build step. The console is plain ES modules that
 * talk to the same REST API as any client, with the bearer token held in the tab's memory.
 *
 * <p>Every answer carries a strict Content-Security-Policy: scripts, styles and connections from this origin only,
 * no inline script or style, no framing, no forms posted anywhere — so a value shown on a page (a customer's
 * name, an attacker's payload) can never run as code.
 */
final class ConsoleAssets {
    static final String PATH = "/console";
    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    // A file name the console ships: letters, digits, dashes and dots, one directory level at most; never "..".
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+(/[a-z0-9-]+)?\\.(html|js|css|svg|txt)");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "svg", "image/svg+xml", "txt", "text/plain; charset=utf-8");
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    /**
     * {@code GET /console}: the console lives under {@code /console/}, so that relative module paths resolve. (The
     * router ignores trailing slashes, so {@code /console/} arrives here too, and is the page itself.)
     */
    void redirect(Context ctx) {
        if (ctx.path().endsWith("/")) {
            serve(ctx);
            return;
        }
        secure(ctx);
        ctx.redirect(PATH + "/");
    }

    /** {@code GET /console/} and {@code GET /console/<file>}. */
    void serve(Context ctx) {
        String name = ctx.path().length() <= PATH.length() + 1 ? "" : ctx.path().substring(PATH.length() + 1);
        if (name.isEmpty()) name = "index.html";
        if (!NAME.matcher(name).matches()) throw new NotFoundException("no console file '" + name + "'");
        byte[] body = cache.computeIfAbsent(name, ConsoleAssets::read);
        if (body.length == 0) {
            cache.remove(name);
            throw new NotFoundException("no console file '" + name + "'");
        }
        secure(ctx);
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType(TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
        ctx.result(body);
    }

    private static void secure(Context ctx) {
        ctx.header("Content-Security-Policy", POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
    }

    private static byte[] read(String name) {
        try (InputStream in = ConsoleAssets.class.getResourceAsStream(PATH + "/" + name)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
