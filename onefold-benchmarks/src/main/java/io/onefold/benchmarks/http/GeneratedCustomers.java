package io.onefold.benchmarks.http;

import java.util.SplittableRandom;

/**
 * The customers of HttpLoad's generated workloads: which one the next request is about (Zipf over ranks, the ranks
 * scattered over ids) and customer {@code c}'s identifiers. {@link GeneratedUpserts} writes them and
 * {@link GeneratedLookups} reads them back, so both draw and name customers here.
 */
public final class GeneratedCustomers {
    final double[] cdf;

    public GeneratedCustomers(int customers, double skew) {
        this.cdf = zipfCdf(customers, skew);
    }

    public int count() {
        return cdf.length;
    }

    static double[] zipfCdf(int n, double s) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1.0 / Math.pow(i + 1, s);
            cdf[i] = sum;
        }
        for (int i = 0; i < n; i++) cdf[i] /= sum;
        return cdf;
    }

    /** The next customer id, in [0, count): one draw of {@code random}. */
    int draw(SplittableRandom random) {
        double u = random.nextDouble();
        int lo = 0;
        int hi = cdf.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] < u) lo = mid + 1;
            else hi = mid;
        }
        // scatter ranks over ids so that hot customers are not all neighbours
        return (int) ((lo * 2654435761L) % cdf.length);
    }

    /** Customer {@code c}'s email, as the CRM and the web chat send it. */
    public static String email(int c) {
        return "customer" + c + "@example.com";
    }

    /** A US number per customer, written as an IVR or a CRM would: +1 (415) 2EE-NNNN. */
    static void phone(StringBuilder b, int c) {
        b.append("+1 (415) ").append(200 + c / 10_000).append('-');
        int n = c % 10_000;
        if (n < 1000) b.append('0');
        if (n < 100) b.append('0');
        if (n < 10) b.append('0');
        b.append(n);
    }
}
