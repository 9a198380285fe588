package io.onefold.benchmarks.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GeneratedLookupsTest {
    static final String PATH = "/api/v2/customer-profile/profiles";

    static HttpLoadOptions options(int customers, long seed) {
        return HttpLoadOptions.parse(new String[] {"--url", "http://127.0.0.1:18081", "--target", "lookup", "--token", "tok.en-1",
                "--customers", Integer.toString(customers), "--seed", Long.toString(seed)});
    }

    static String request(Workload w) {
        ByteBuffer out = ByteBuffer.allocate(4096);
        w.next(out);
        return new String(out.array(), 0, out.position(), StandardCharsets.US_ASCII);
    }

    @Test
    void theRequestIsAGetOfTheCustomersEmailWithTheBearerToken() {
        String req = request(new GeneratedLookups(options(1, 42), "tok.en-1"));

        assertThat(req).isEqualTo("GET " + PATH + "?email=customer0@example.com HTTP/1.1\r\nHost: 127.0.0.1:18081\r\n"
                + "Authorization: Bearer tok.en-1\r\nAccept: application/json\r\n\r\n");
    }

    @Test
    void theJdkClientsRequestIsTheSame() {
        HttpRequest req = new GeneratedLookups(options(1, 42), "tok.en-1").nextJdk();

        assertThat(req.method()).isEqualTo("GET");
        assertThat(req.uri().toString()).isEqualTo("http://127.0.0.1:18081" + PATH + "?email=customer0@example.com");
        assertThat(req.headers().firstValue("Authorization")).hasValue("Bearer tok.en-1");
    }

    @Test
    void plusSpaceAndReservedCharactersArePercentEncoded() {
        assertThat(GeneratedLookups.queryValue("ava+news@example.com")).isEqualTo("ava%2Bnews@example.com");
        assertThat(GeneratedLookups.queryValue(" a&b=c#d%e/f?g")).isEqualTo("%20a%26b%3Dc%23d%25e%2Ff%3Fg");
        assertThat(GeneratedLookups.queryValue("zoë@exämple.com")).isEqualTo("zo%C3%AB@ex%C3%A4mple.com");
        assertThat(GeneratedLookups.queryValue("A.b_c-d~9@x.io")).isEqualTo("A.b_c-d~9@x.io");
    }

    @Test
    void theServerDecodesTheEncodedValueBackToTheEmail() {
        // Jetty decodes a query as a form does: '+' is a space there, so only an encoded '+' survives
        for (String email : new String[] {"ava+news@example.com", "o'brien+1@example.com", " spaced @example.com", "zoë@exämple.com", "a%2Bb@x.io"}) {
            assertThat(URLDecoder.decode(GeneratedLookups.queryValue(email), StandardCharsets.UTF_8)).isEqualTo(email);
        }
    }

    @Test
    void lookupsAskForTheCustomersTheSameDrawPicks() {
        HttpLoadOptions o = options(1000, 7);
        GeneratedLookups lookups = new GeneratedLookups(o, "t");
        GeneratedCustomers customers = new GeneratedCustomers(1000, o.skew());
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200; i++) {
            assertThat(request(lookups)).startsWith("GET " + PATH + "?email=" + GeneratedCustomers.email(customers.draw(random)) + " HTTP/1.1\r\n");
        }
    }

    @Test
    void upsertsWriteTheEmailsLookupsAskFor() {
        GeneratedUpserts upserts = new GeneratedUpserts(options(1, 42), "t");
        boolean chat = false;
        for (int i = 0; i < 100 && !chat; i++) {
            String body = upserts.body();
            chat = body.contains("\"webchat_middleware\"");
            if (chat) assertThat(body).contains("\"email\":\"customer0@example.com\"");
        }
        assertThat(chat).isTrue();
        assertThat(GeneratedUpserts.bodies(100, 1).crm(37)).contains("\"source_record_id\":\"C-37\"", "\"email\":\"" + GeneratedCustomers.email(37) + "\"");
    }

    @Test
    void anEmptyEntitiesListIsNothingFound() {
        GeneratedLookups lookups = new GeneratedLookups(options(1, 42), "t");

        assertThat(nothingFound(lookups, "HTTP/1.1 200 OK\r\nContent-Length: 34\r\n\r\n{\"entities\":[],\"next_cursor\":null}")).isTrue();
        assertThat(nothingFound(lookups, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n22\r\n{\"entities\":[],\"next_cursor\":null}\r\n0\r\n\r\n")).isTrue();
        assertThat(nothingFound(lookups, "HTTP/1.1 200 OK\r\nContent-Length: 53\r\n\r\n{\"entities\":[{\"profile_id\":\"p1\"}],\"next_cursor\":null}")).isFalse();
        String nested = "{\"entities\":[{\"attributes\":{\"entities\":[]}}],\"next_cursor\":null}";
        assertThat(nothingFound(lookups, "HTTP/1.1 200 OK\r\nContent-Length: " + nested.length() + "\r\n\r\n" + nested)).isFalse();
    }

    @Test
    void otherWorkloadsNeverCountNothingFound() {
        assertThat(nothingFound(new LivenessProbes(options(1, 42)), "HTTP/1.1 200 OK\r\nContent-Length: 15\r\n\r\n{\"entities\":[]}")).isFalse();
    }

    static boolean nothingFound(Workload w, String response) {
        byte[] b = response.getBytes(StandardCharsets.US_ASCII);
        assertThat(ResponseParser.complete(b, b.length)).isEqualTo(200);
        return w.nothingFound(b, ResponseParser.bodyStart(b, b.length), b.length);
    }
}
