package io.onefold.benchmarks.http;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The bearer token for the upserts: the client-credentials grant at {@code POST /oauth/token}. */
public final class OAuthToken {
    private OAuthToken() {}

    public static String fetch(HttpLoadOptions o) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(o.clientId(), StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(o.clientSecret() == null ? "" : o.clientSecret(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        HttpRequest req = HttpRequest.newBuilder(o.url().resolve("/oauth/token"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=customer-profile")).build();
        try (HttpClient c = HttpClient.newHttpClient()) {
            HttpResponse<String> r = c.send(req, HttpResponse.BodyHandlers.ofString());
            Matcher m = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
            if (r.statusCode() != 200 || !m.find()) throw new IllegalStateException("token request failed: " + r.statusCode() + " " + r.body());
            return m.group(1);
        }
    }
}
