package io.onefold.benchmarks.http;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** The same closed loop on java.net.http.HttpClient (HTTP/1.1): one platform thread per connection. */
public final class JdkClient {
    private JdkClient() {}

    public static LoadResult run(HttpLoadOptions o, Workload workload) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long start = System.nanoTime();
        long measureFrom = start + o.warmup().toNanos();
        long end = measureFrom + o.duration().toNanos();
        List<Thread> threads = new ArrayList<>();
        List<LoadResult> results = new ArrayList<>();
        for (int t = 0; t < o.connections(); t++) {
            LoadResult r = new LoadResult();
            results.add(r);
            Workload w = workload.copy(o.seed() + 7919L * t);
            threads.add(Thread.ofPlatform().name("httpload-jdk-" + t).start(() -> {
                while (true) {
                    long sent = System.nanoTime();
                    if (sent >= end) break;
                    HttpRequest req = w.nextJdk();
                    try {
                        HttpResponse<byte[]> resp = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
                        long done = System.nanoTime();
                        if (sent >= measureFrom && done < end) {
                            r.completed++;
                            r.statuses[Math.min(resp.statusCode(), 599)]++;
                            if (resp.statusCode() / 100 == 2 && w.nothingFound(resp.body(), 0, resp.body().length)) r.nothingFound++;
                        }
                        if (sent >= measureFrom) r.latency.recordValue(Math.min(done - sent, LoadResult.HIGHEST_NANOS));
                    } catch (IOException e) {
                        r.ioErrors++;
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        LoadResult total = new LoadResult();
        for (int t = 0; t < threads.size(); t++) {
            threads.get(t).join();
            total.add(results.get(t));
        }
        total.measuredNanos = end - measureFrom;
        client.close();
        return total;
    }
}
