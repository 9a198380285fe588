package io.onefold.benchmarks.http;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;

/**
 * Every customer of {@link GeneratedUpserts} once: customer c's CRM record (its email and phone) for c in
 * [0, customers), one upsert body per line on stdout, for {@code ./onefold ingest}. The lookup benchmarks load these
 * first so that each lookup's customer exists: HttpLoad's Zipf draw alone would take millions of upserts to reach
 * the rarest customers (about one draw in a million at 100,000 customers, skew 0.99).
 * <pre>java -cp onefold-benchmarks/target/benchmarks.jar io.onefold.benchmarks.http.CustomerRecords 100000 &gt; crm.ndjson</pre>
 */
public final class CustomerRecords {
    private CustomerRecords() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1 || !args[0].matches("[1-9][0-9]*")) {
            System.err.println("usage: CustomerRecords CUSTOMERS   (the same count as HttpLoad --customers; NDJSON on stdout)");
            System.exit(2);
        }
        int customers = Integer.parseInt(args[0]);
        GeneratedUpserts bodies = GeneratedUpserts.bodies(customers, 42);
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        for (int c = 0; c < customers; c++) {
            out.write(bodies.crm(c));
            out.write('\n');
        }
        out.flush();
    }
}
